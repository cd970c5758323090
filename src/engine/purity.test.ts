/** The lint rule that keeps src/engine free of UI code really fires. */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

describe('engine purity rule', () => {
  const eslint = new ESLint();
  it.each(['react', 'react-dom/client', 'zustand', 'monaco-editor', 'monaco-yaml', '@xyflow/react', '../store/store'])('rejects importing %s', async (source) => {
    const [result] = await eslint.lintText(`import * as x from '${source}';\nexport const y = x;\n`, { filePath: 'src/engine/probe.ts' });
    expect(result.messages.map((m) => m.ruleId)).toContain('no-restricted-imports');
  });
  it('allows the same import outside the engine', async () => {
    const [result] = await eslint.lintText(`import * as x from 'react';\nexport const y = x;\n`, { filePath: 'src/canvas/probe.ts' });
    expect(result.messages).toEqual([]);
  });
});
