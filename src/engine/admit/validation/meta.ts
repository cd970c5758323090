/**
 * ObjectMeta and label checks (k8s.io/apimachinery v0.28 pkg/api/validation/objectmeta.go
 * ValidateObjectMetaAccessor and ValidateAnnotations; pkg/apis/meta/v1/validation ValidateLabels
 * and ValidateLabelSelector).
 */
import { arr, obj, str, type Json } from '../../fields';
import { child, eachInvalid, forbidden, index, invalid, required, tooLong, type FieldError, type FieldPath } from './field';
import { byteLength, isDNS1123Label, isQualifiedName, isValidLabelValue, validateName, type NameRule } from './names';

/** TotalAnnotationSizeLimitB: 256 KiB over all keys and values. */
const ANNOTATIONS_LIMIT = 256 * 1024;

/** Entries of a map as written; non-string values were refused by decoding already. */
const entries = (value: unknown): [string, string][] => Object.entries(obj(value) ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string');

/**
 * The API names the map for every bad entry (`metadata.labels`); the editor points at the
 * entry's own line.
 */
const entryOf = (at: FieldPath, key: string): FieldPath => ({ api: at.api, source: `${at.source}.${key}` });

/** ValidateLabels: every key a qualified name, every value a label value (all on the map's path). */
export function validateLabels(value: unknown, at: FieldPath): FieldError[] {
  return entries(value).flatMap(([k, v]) => [...eachInvalid(entryOf(at, k), k, isQualifiedName(k)), ...eachInvalid(entryOf(at, k), v, isValidLabelValue(v))]);
}

export function validateAnnotations(value: unknown, at: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of entries(value)) {
    // The rule is a qualified name, except that case does not matter.
    errs.push(...eachInvalid(entryOf(at, k), k, isQualifiedName(k.toLowerCase())));
    size += byteLength(k) + byteLength(v);
  }
  if (size > ANNOTATIONS_LIMIT) errs.push(tooLong(at, ANNOTATIONS_LIMIT));
  return errs;
}

/** ValidateObjectMeta for a kind whose names follow `rule`. */
export function validateObjectMeta(meta: Json, rule: NameRule, namespaced: boolean): FieldError[] {
  const at = child({ api: '', source: '' }, 'metadata');
  const errs: FieldError[] = [];
  const name = str(meta.name) ?? '';
  if (name === '') errs.push(required(child(at, 'name'), 'name or generateName is required'));
  else errs.push(...eachInvalid(child(at, 'name'), name, validateName(rule, name)));
  const namespace = str(meta.namespace);
  if (namespaced && namespace) errs.push(...eachInvalid(child(at, 'namespace'), namespace, isDNS1123Label(namespace)));
  errs.push(...validateLabels(meta.labels, child(at, 'labels')));
  errs.push(...validateAnnotations(meta.annotations, child(at, 'annotations')));
  return errs;
}

/** ValidateLabelSelector: matchLabels as labels, each expression's key, operator and values. */
export function validateLabelSelector(selector: Json | undefined, at: FieldPath): FieldError[] {
  if (!selector) return [];
  const errs = validateLabels(selector.matchLabels, child(at, 'matchLabels'));
  arr(selector.matchExpressions).forEach((item, i) => {
    const expr = obj(item) ?? {};
    const here = index(child(at, 'matchExpressions'), i);
    const operator = str(expr.operator) ?? '';
    const values = arr(expr.values);
    if (operator === 'In' || operator === 'NotIn') {
      if (values.length === 0) errs.push(required(child(here, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (operator === 'Exists' || operator === 'DoesNotExist') {
      if (values.length > 0) errs.push(forbidden(child(here, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    } else errs.push(invalid(child(here, 'operator'), operator, 'not a valid selector operator'));
    const key = str(expr.key) ?? '';
    errs.push(...eachInvalid(child(here, 'key'), key, isQualifiedName(key)));
    values.forEach((v, j) => {
      if (typeof v === 'string') errs.push(...eachInvalid(index(child(here, 'values'), j), v, isValidLabelValue(v)));
    });
  });
  return errs;
}
