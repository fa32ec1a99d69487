import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { usePageTitle } from '../app/usePageTitle';
import { ViewerQuery } from '../app/viewer';
import { useToken } from '../auth/session';
import { apiErrors } from '../forms/api-errors';
import { ErrorSummary, Field, fieldAria } from '../forms/Field';
import { graphql } from '../gql';
import type { ImportFormat, ImportPeopleMutation } from '../gql/graphql';
import { formatOf } from './format';
import { ImportReportView } from './ImportReport';
import { TEXT } from './import.texts';
import './import.css';

/** The most a request body may hold (the API's limit): larger files go through the CLI. */
const MAX_BYTES = 256 * 1024;

const ImportPeople = graphql(`
  mutation ImportPeople($content: String!, $format: ImportFormat!, $dryRun: Boolean!) {
    importPeople(content: $content, format: $format, dryRun: $dryRun) {
      ...ImportReportFields
    }
  }
`);

const ImportRequirements = graphql(`
  mutation ImportRequirements($content: String!, $format: ImportFormat!, $dryRun: Boolean!) {
    importRequirements(content: $content, format: $format, dryRun: $dryRun) {
      ...ImportReportFields
    }
  }
`);

graphql(`
  fragment ImportReportFields on ImportReport {
    dryRun
    rows
    created
    updated
    unchanged
    ignoredColumns
    rejected {
      line
      key
      reason
    }
    skipped {
      line
      key
      reason
    }
  }
`);

type Kind = 'people' | 'requirements';
export type Report = ImportPeopleMutation['importPeople'];

/** The file as it was checked: what the real import sends again. */
interface Checked {
  kind: Kind;
  format: ImportFormat;
  content: string;
  report: Report;
}

/** `/import`: a file, its dry run's report, then the import for real. Admins only. */
export function ImportPage() {
  usePageTitle(TEXT.title);
  const signedIn = Boolean(useToken());
  const { data, loading } = useQuery(ViewerQuery, { skip: !signedIn });
  const role = data?.viewer?.role;
  return (
    <>
      <h1>{TEXT.title}</h1>
      {!signedIn ? (
        <p>
          {TEXT.signInFirst} <Link to="/log-ind">{TEXT.signIn}</Link>
        </p>
      ) : loading ? (
        <p role="status">{TEXT.loading}</p>
      ) : role !== 'ADMIN' ? (
        <div className="alert alert-info">
          <div className="alert-body">
            <p className="alert-text">{TEXT.adminsOnly}</p>
          </div>
        </div>
      ) : (
        <ImportForm />
      )}
    </>
  );
}

function ImportForm() {
  const [kind, setKind] = useState<Kind>('people');
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(null);
  const [checked, setChecked] = useState<Checked | null>(null);
  const [imported, setImported] = useState<Report | null>(null);
  const [importPeople, people] = useMutation(ImportPeople);
  const [importRequirements, requirements] = useMutation(ImportRequirements);
  const busy = people.loading || requirements.loading;

  async function send(kind: Kind, format: ImportFormat, content: string, dryRun: boolean) {
    const variables = { content, format, dryRun };
    const result =
      kind === 'people'
        ? (await importPeople({ variables })).data?.importPeople
        : (await importRequirements({ variables })).data?.importRequirements;
    if (!result) throw new Error('Intet svar fra serveren');
    return result;
  }

  async function check(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setFileError(undefined);
    setChecked(null);
    setImported(null);
    if (!file) return setFileError(TEXT.noFile);
    const format = formatOf(file.name);
    if (!format) return setFileError(TEXT.wrongType);
    if (file.size > MAX_BYTES) return setFileError(TEXT.tooLarge);
    const content = await file.text();
    try {
      setChecked({ kind, format, content, report: await send(kind, format, content, true) });
    } catch (caught) {
      setError(caught);
    }
  }

  async function run() {
    if (!checked) return;
    setError(null);
    try {
      setImported(await send(checked.kind, checked.format, checked.content, false));
    } catch (caught) {
      setError(caught);
    }
  }

  const errors = apiErrors(error, ['content', 'format']);
  const shownFileError = fileError ?? errors.field('content') ?? errors.field('format');
  const toImport = checked ? checked.report.rows - checked.report.rejected.length : 0;
  return (
    <>
      <p className="font-lead">{TEXT.intro}</p>
      <form onSubmit={check} noValidate className="app-import-form">
        <ErrorSummary errors={errors} />
        <div className="form-group">
          <fieldset>
            <legend className="form-label">{TEXT.kindLegend}</legend>
            {(['people', 'requirements'] as const).map((value) => (
              <div className="form-group-radio" key={value}>
                <input
                  type="radio"
                  className="form-radio"
                  id={`import-kind-${value}`}
                  name="kind"
                  value={value}
                  checked={kind === value}
                  onChange={() => {
                    setKind(value);
                    setChecked(null);
                    setImported(null);
                  }}
                />
                <label className="form-label" htmlFor={`import-kind-${value}`}>
                  {TEXT.kinds[value]}
                </label>
              </div>
            ))}
          </fieldset>
        </div>
        <Field
          id="import-file"
          label={TEXT.fileLabel}
          hint={`${TEXT.fileHint} ${TEXT.formatsHelp}`}
          error={shownFileError}
        >
          <input
            id="import-file"
            name="content"
            type="file"
            className="app-file-input"
            accept=".csv,.json,.txt,text/csv,application/json"
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              setFileError(undefined);
              setError(null);
              setChecked(null);
              setImported(null);
            }}
            {...fieldAria('import-file', TEXT.fileHint, shownFileError)}
          />
        </Field>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy && !checked ? TEXT.checking : TEXT.check}
        </button>
      </form>
      {imported ? (
        <ImportReportView report={imported} />
      ) : (
        checked && <ImportReportView report={checked.report} />
      )}
      {checked && !imported && toImport > 0 && (
        <button
          type="button"
          className="button button-primary app-import-run"
          disabled={busy}
          onClick={run}
        >
          {busy ? TEXT.running : TEXT.run(toImport)}
        </button>
      )}
    </>
  );
}
