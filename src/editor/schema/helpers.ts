/** Small builders for the hand-written Kubernetes schema (k8sSchema.ts). */
import type { JSONSchema } from 'monaco-yaml';

export const ref = (name: string): JSONSchema => ({ $ref: `#/definitions/${name}` });

export const anyObject = (description: string): JSONSchema => ({ type: 'object', description });
export const anyArray = (description: string): JSONSchema => ({ type: 'array', description, items: { type: 'object' } });
export const str = (description: string): JSONSchema => ({ type: 'string', description });
export const bool = (description: string): JSONSchema => ({ type: 'boolean', description });
export const int = (description: string, minimum?: number, maximum?: number): JSONSchema => ({
  type: 'integer',
  description,
  ...(minimum === undefined ? {} : { minimum }),
  ...(maximum === undefined ? {} : { maximum }),
});
export const strings = (description: string): JSONSchema => ({ type: 'array', description, items: { type: 'string' } });
export const stringMap = (description: string): JSONSchema => ({
  type: 'object',
  description,
  additionalProperties: { type: 'string' },
});
export const port = (description: string): JSONSchema => int(description, 1, 65535);
export const intOrString = (description: string): JSONSchema => ({ type: ['integer', 'string'], description });
export const protocol: JSONSchema = {
  type: 'string',
  enum: ['TCP', 'UDP', 'SCTP'],
  description: 'The IP protocol for this port: TCP (the default), UDP or SCTP.',
};
