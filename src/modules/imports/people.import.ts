import type { Importer, Rejection } from './import.runner';
import { planPeople, rejectSamePerson, skipErased } from './people.match';
import type { PersonRow } from './people.read';
import {
  decidePeople,
  PEOPLE_COLUMNS,
  readPerson,
  referenceData,
  rejectDuplicates,
} from './people.read';
import { refreshGroupEvidence, writePeople } from './people.write';

/**
 * An importer of people, their employments (affiliations) and group seats (memberships), from an
 * OS2sofd or HR export, in three steps: read (people.read.ts: records to valid rows, checked
 * against each other), match (people.match.ts: rows against the stored people) and write
 * (people.write.ts). A person is found by `externalId`, else by e-mail (case-insensitive); an
 * employment by person, employer and start date; a seat by person, group and start date. Only the
 * fields a row gives are compared and written: a blank cell never clears a stored value.
 *
 * The expert index is refreshed once, for the groups whose seats changed, after the last batch:
 * refreshing a group's evidence re-reads all its members, which per batch made a large import
 * slow down as the groups filled. (Should the import be killed between a batch and that refresh,
 * `npm run reindex` brings the index up to date.)
 */
export function peopleImporter(): Importer<PersonRow> {
  const touchedGroups = new Set<string>();
  return {
    async prepare(em, records) {
      const refs = await referenceData(em);
      const valid: PersonRow[] = [];
      const rejected: Rejection[] = [];
      for (const record of records) {
        const { row, reader } = readPerson(record, refs);
        if (row) valid.push(row);
        else {
          const key = reader.text('externalId', PEOPLE_COLUMNS.externalId) ?? null;
          rejected.push({
            line: record.line,
            key: key ?? reader.email('email', PEOPLE_COLUMNS.email) ?? null,
            reason: reader.problems.join('; '),
          });
        }
      }
      // Erased people first: no other rule may look at their rows, or name them in its reason.
      const living = await skipErased(em, valid);
      const unique = rejectDuplicates(living.rows);
      decidePeople(unique.rows);
      const single = await rejectSamePerson(em, unique.rows);
      return {
        rows: single.rows,
        rejected: [...rejected, ...unique.rejected, ...single.rejected],
        skipped: living.skipped,
      };
    },

    async write(em, rows, beforeWrite) {
      const { outcomes, plan } = await planPeople(em, rows);
      await writePeople(em, plan, beforeWrite);
      for (const group of plan.groups) touchedGroups.add(group);
      return outcomes;
    },

    async finish(em) {
      await refreshGroupEvidence(em, touchedGroups);
      touchedGroups.clear();
    },
  };
}
