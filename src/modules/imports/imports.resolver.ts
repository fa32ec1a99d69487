import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../common/context';
import { ImportFormat } from './import.parse';
import * as imports from './imports.service';
import { ImportReport } from './imports.types';

const CONTENT =
  'The file’s content. A request body may be at most 256 kB: use `npm run import` for larger files.';
const DRY_RUN =
  'Only report what the import would do; write no data. The call itself is audited, as every mutation is.';
const HOW =
  'Runs in one transaction: the good rows are written together, each bad row is rejected with its line and reason, and a second run of the same file changes nothing. Admins only.';

@Resolver()
export class ImportResolver {
  @Mutation(() => ImportReport, {
    description: `Imports people, their employments (kommune or organisation, title, unit, period) and group seats (group, role, period) from a CSV or JSON export such as OS2sofd's or an HR system's, matched by external id or e-mail (see docs/import-formats.md). ${HOW}`,
  })
  importPeople(
    @Arg('content', () => String, { description: CONTENT }) content: string,
    @Arg('format', () => ImportFormat, { description: 'CSV or JSON.' }) format: ImportFormat,
    @Arg('dryRun', () => Boolean, { nullable: true, defaultValue: false, description: DRY_RUN })
    dryRun: boolean | null,
    @Ctx() ctx: Context,
  ) {
    return imports.importPeople(ctx.em, ctx.access, content, format, !!dryRun);
  }

  @Mutation(() => ImportReport, {
    description: `Imports requirements (krav) from an OS2kravmotor-style export in CSV or JSON, matched by external id, else by title within the owning kommune (see docs/import-formats.md). ${HOW}`,
  })
  importRequirements(
    @Arg('content', () => String, { description: CONTENT }) content: string,
    @Arg('format', () => ImportFormat, { description: 'CSV or JSON.' }) format: ImportFormat,
    @Arg('dryRun', () => Boolean, { nullable: true, defaultValue: false, description: DRY_RUN })
    dryRun: boolean | null,
    @Ctx() ctx: Context,
  ) {
    return imports.importRequirements(ctx.em, ctx.access, content, format, !!dryRun);
  }
}
