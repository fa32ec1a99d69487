import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * The lint rule of eslint.config.mjs that keeps modules apart: a file in `src/modules/<a>/` may
 * import another module's entities, GraphQL types and inputs and its `public` entry, nothing else.
 * ESLint runs in a child process (its flat config is an ES module), on sources given on stdin
 * under a path inside src/modules, so removing or weakening the rule fails this test.
 */

const ROOT = path.join(__dirname, '..');
const ESLINT = path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');

interface LintMessage {
  ruleId: string | null;
  message: string;
  line: number;
}

/** The messages ESLint reports for `source` as if it were the file at `filePath`. */
function lint(filePath: string, source: string): LintMessage[] {
  let output: string;
  try {
    output = execFileSync(
      process.execPath,
      [ESLINT, '--format', 'json', '--stdin', '--stdin-filename', filePath],
      { cwd: ROOT, input: source, encoding: 'utf8' },
    );
  } catch (error) {
    // ESLint exits with 1 when it found problems; its report is still on stdout.
    output = (error as { stdout: string }).stdout;
  }
  const [result] = JSON.parse(output) as { messages: LintMessage[] }[];
  return result.messages;
}

/** The lines whose import the boundary rule rejects. */
const rejected = (messages: LintMessage[]) =>
  messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.line);

describe('module boundaries (eslint.config.mjs)', () => {
  it('rejects another module’s resolver, service, queries and private files', () => {
    const source = [
      "import { PersonResolver } from '../people/people.resolver';",
      "import { listPeople } from '../people/people.service';",
      "import { busFactors } from '../succession/bus-factor.queries';",
      "import { evidenceReason } from '../experts/experts.reasons';",
      "import { GroupResolver } from '../../modules/groups/groups.resolver';",
      'export const used = [PersonResolver, listPeople, busFactors, evidenceReason, GroupResolver];',
      '',
    ].join('\n');
    expect(rejected(lint('src/modules/claims/boundary-probe.ts', source))).toEqual([1, 2, 3, 4, 5]);
  });

  it('allows entities, GraphQL types and inputs, public entries and the module’s own files', () => {
    const source = [
      "import { Person } from '../people/people.entity';",
      "import { ExpertHit } from '../experts/experts.types';",
      "import { KommunePeopleArgs } from '../people/people.inputs';",
      "import { assertNotErased } from '../people/public';",
      "import { addExperienceClaim } from './claims.service';",
      "import type { Context } from '../../common/context';",
      'export const used = [Person, ExpertHit, KommunePeopleArgs, assertNotErased, addExperienceClaim];',
      'export type Used = Context;',
      '',
    ].join('\n');
    expect(lint('src/modules/claims/boundary-probe.ts', source)).toEqual([]);
  });

  it('leaves the composition root free to import every resolver', () => {
    const source = [
      "import { PersonResolver } from '../modules/people/people.resolver';",
      'export const used = [PersonResolver];',
      '',
    ].join('\n');
    expect(lint('src/schema/boundary-probe.ts', source)).toEqual([]);
  });
});
