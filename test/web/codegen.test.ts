import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../support/server-process';

/**
 * The web app's typed documents (web/src/gql) are generated from schema/schema.graphql and
 * committed: this fails when they were not regenerated after a schema or document change
 * (`npm run web:codegen`), or when a document asks for something the schema no longer has.
 */
function generate(documents?: string) {
  const script = path.join(__dirname, 'generate-types.mjs');
  const result = spawnSync(process.execPath, [script, ...(documents ? [documents] : [])], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return {
    status: result.status,
    stderr: result.stderr,
    files:
      result.status === 0
        ? (JSON.parse(result.stdout) as { filename: string; content: string }[])
        : [],
  };
}

describe('the web app’s generated GraphQL types', () => {
  it('match what the schema and the documents generate', () => {
    const { status, stderr, files } = generate();
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    expect(files.map((file) => file.filename).sort()).toEqual([
      'web/src/gql/gql.ts',
      'web/src/gql/graphql.ts',
      'web/src/gql/index.ts',
    ]);
    for (const file of files) {
      const committed = readFileSync(path.join(ROOT, file.filename), 'utf8');
      // A difference here: run `npm run web:codegen` and commit web/src/gql.
      expect({ file: file.filename, committed }).toEqual({
        file: file.filename,
        committed: file.content,
      });
    }
  });

  it('fail to generate when a document asks for a field the schema does not have', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'erfaringsnet-codegen-'));
    try {
      const document = path.join(dir, 'Broken.ts');
      writeFileSync(document, 'graphql(`query Broken { viewer { noSuchField } }`);\n');
      const { status, stderr } = generate(document);
      expect(status).not.toBe(0);
      expect(stderr).toContain('noSuchField');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
