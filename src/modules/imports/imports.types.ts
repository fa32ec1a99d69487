import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ImportFormat } from './import.parse';

registerEnumType(ImportFormat, {
  name: 'ImportFormat',
  description: 'The format of an import file.',
  valuesConfig: {
    CSV: {
      description:
        'CSV with a header row; `;` or `,` between cells (Danish Excel writes `;`), UTF-8, with or without a byte order mark.',
    },
    JSON: {
      description:
        'A JSON list of objects, or an object holding one (e.g. `{"requirements": [...]}`).',
    },
  },
});

/** A row an import did not take, and why. */
@ObjectType({ description: 'A row an import did not take, where it is in the file, and why.' })
export class ImportRejection {
  @Field(() => Int, {
    description:
      'Where the row is: the CSV line it starts on (the header is line 1), or the position of the JSON item (1 for the first).',
  })
  line!: number;

  @Field(() => String, {
    nullable: true,
    description: 'The row’s key (external id or e-mail), when it has one.',
  })
  key!: string | null;

  @Field(() => String, {
    description: 'Why it was not imported; each bad field is named.',
  })
  reason!: string;
}

/** What an import did, or in a dry run would do. */
@ObjectType({
  description:
    'What an import did (or, in a dry run, would do), row by row: created, updated, unchanged, or rejected with the reason.',
})
export class ImportReport {
  @Field(() => Int, { description: 'Rows (CSV) or items (JSON) in the file.' })
  rows!: number;

  @Field(() => Int, {
    description: 'Rows that created something: a person, employment, seat or requirement.',
  })
  created!: number;

  @Field(() => Int, {
    description: 'Rows that changed something already stored, and created nothing.',
  })
  updated!: number;

  @Field(() => Int, {
    description: 'Rows that matched what is stored exactly: nothing was written for them.',
  })
  unchanged!: number;

  @Field(() => [ImportRejection], {
    description: 'Rows not imported, in file order; the other rows were imported all the same.',
  })
  rejected!: ImportRejection[];

  @Field(() => [ImportRejection], {
    description:
      'Rows left out on purpose, in file order, not for a fault: a row for a person who was erased on request (GDPR) is skipped, so that no import creates them again. The person is recognised by a keyed hash of the external id or e-mail address, never by stored personal data.',
  })
  skipped!: ImportRejection[];

  @Field(() => Boolean, {
    description:
      'Whether this was a dry run, which wrote no data; the call itself is audited, as every mutation is.',
  })
  dryRun!: boolean;

  @Field(() => [String], {
    description:
      'A warning: the columns (CSV headers) or properties (JSON) of the file that are no accepted name of any column, as the file spells them. Their values were not imported; a misspelt header shows here.',
  })
  ignoredColumns!: string[];
}
