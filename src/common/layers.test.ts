import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '../..');

/**
 * Lints each `code` as if it were the file `file`, with the project's eslint.config.mjs, through
 * ESLint's Node API (`lintText`), and returns each one's `no-restricted-imports` messages. ESLint
 * loads its config with a dynamic `import()`, which Jest's sandbox refuses, so it runs in a child
 * Node process.
 */
function restrictedImports(cases: { file: string; code: string }[]): string[][] {
  const script = `
    import { ESLint } from 'eslint';
    const cases = JSON.parse(process.argv[1]);
    const eslint = new ESLint({ cwd: process.cwd() });
    const found = [];
    for (const { file, code } of cases) {
      const [result] = await eslint.lintText(code, { filePath: file });
      found.push(result.messages
        .filter((message) => message.ruleId === 'no-restricted-imports')
        .map((message) => message.message));
    }
    console.log(JSON.stringify(found));`;
  const child = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', script, JSON.stringify(cases)],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (child.status !== 0) throw new Error(`eslint failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as string[][];
}

const AUDIT_SERVICE = `import { auditMutation } from '../modules/audit/audit.service';
export const hook = auditMutation;
`;

describe('infrastructure imports no feature (eslint.config.mjs)', () => {
  it('refuses, from src/common and src/db, an import of a feature module other than its entities', () => {
    const [common, db, deeper, entityList, app] = restrictedImports([
      { file: 'src/common/transaction.ts', code: AUDIT_SERVICE },
      { file: 'src/db/orm.ts', code: AUDIT_SERVICE },
      {
        file: 'src/common/deeper/helper.ts',
        code: `import type { Importer } from '../../modules/imports/import.runner';\nexport type Any = Importer<never>;\n`,
      },
      // The ORM's list of entities names every feature's entity classes.
      {
        file: 'src/db/entities.ts',
        code: `import { Person } from '../modules/people/people.entity';\nexport const entities = [Person];\n`,
      },
      // The application wires the features into the infrastructure.
      {
        file: 'src/app.ts',
        code: `import { auditMutation } from './modules/audit/audit.service';\nexport const hook = auditMutation;\n`,
      },
    ]);
    expect(common).toEqual([expect.stringContaining('must not import a feature module')]);
    expect(db).toEqual([expect.stringContaining('must not import a feature module')]);
    expect(deeper).toHaveLength(1);
    expect(entityList).toEqual([]);
    expect(app).toEqual([]);
  });
});
