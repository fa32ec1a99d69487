import { useEffect, useRef } from 'react';
import type { ImportPeopleMutation } from '../gql/graphql';
import { TEXT } from './import.texts';

type Report = ImportPeopleMutation['importPeople'];
type Row = Report['rejected'][number];

/** What an import did or (dry run) would do: the counts, then each rejected or skipped row. */
export function ImportReportView({ report }: { report: Report }) {
  const counts: [string, number][] = [
    [TEXT.rows, report.rows],
    [report.dryRun ? TEXT.created : TEXT.createdDone, report.created],
    [report.dryRun ? TEXT.updated : TEXT.updatedDone, report.updated],
    [TEXT.unchanged, report.unchanged],
    [TEXT.rejected, report.rejected.length],
    ...(report.skipped.length > 0
      ? [[TEXT.skipped, report.skipped.length] as [string, number]]
      : []),
  ];
  const heading = report.dryRun ? TEXT.dryRunHeading : TEXT.doneHeading;
  // The report answers the button just pressed: take the focus to it, so it is read out.
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), [report]);
  return (
    <section aria-labelledby="import-report-heading" className="app-import-report">
      <h2 id="import-report-heading" ref={headingRef} tabIndex={-1}>
        {heading}
      </h2>
      <p>{report.dryRun ? TEXT.dryRunNote : TEXT.doneNote}</p>
      <dl className="app-counts">
        {counts.map(([label, value]) => (
          <div key={label} className="app-count">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {report.ignoredColumns.length > 0 && (
        <div className="alert alert-warning">
          <div className="alert-body">
            <p className="alert-text">
              {TEXT.ignoredColumns} {report.ignoredColumns.join(', ')}
            </p>
          </div>
        </div>
      )}
      {report.rejected.length > 0 && (
        <RowTable caption={TEXT.rejectedHeading} rows={report.rejected} />
      )}
      {report.skipped.length > 0 && (
        <>
          <RowTable caption={TEXT.skippedHeading} rows={report.skipped} />
          <p>{TEXT.skippedNote}</p>
        </>
      )}
    </section>
  );
}

function RowTable({ caption, rows }: { caption: string; rows: Row[] }) {
  return (
    <div className="table--responsive-scroll">
      <table className="table table--zebra table--compact">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{TEXT.line}</th>
            <th scope="col">{TEXT.key}</th>
            <th scope="col">{TEXT.reason}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.line}-${row.key ?? ''}`}>
              <td>{row.line}</td>
              <td>{row.key ?? ''}</td>
              <td>{row.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
