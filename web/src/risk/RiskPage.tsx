import { useApolloClient, useQuery } from '@apollo/client/react';
import { useEffect, useState, type ChangeEvent, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { usePageTitle } from '../app/usePageTitle';
import { useToken } from '../auth/session';
import { graphql } from '../gql';
import type { RiskItemFieldsFragment, RiskTopicsQuery } from '../gql/graphql';
import { riskKey, RiskItemList } from './RiskItemList';
import { SEVERITIES, severityOf, TEXT } from './risk.texts';
import { itemsInEveryScope } from './scopes';
import '../groups/groups.css';

/**
 * One request for every scope the filters name: the API takes one scope at a time, so each named
 * filter asks on its own and the page keeps the items all of them found.
 */
const RiskQuery = graphql(`
  query KnowledgeAtRisk(
    $all: Boolean!
    $byKommune: Boolean!
    $kommuneId: ID
    $byProduct: Boolean!
    $productId: ID
    $byGroup: Boolean!
    $groupId: ID
    $byTopic: Boolean!
    $topicId: ID
  ) {
    all: knowledgeAtRisk @include(if: $all) {
      ...RiskItemFields
    }
    kommune: knowledgeAtRisk(scope: { kommuneId: $kommuneId }) @include(if: $byKommune) {
      ...RiskItemFields
    }
    product: knowledgeAtRisk(scope: { productId: $productId }) @include(if: $byProduct) {
      ...RiskItemFields
    }
    group: knowledgeAtRisk(scope: { groupId: $groupId }) @include(if: $byGroup) {
      ...RiskItemFields
    }
    topic: knowledgeAtRisk(scope: { topicId: $topicId }) @include(if: $byTopic) {
      ...RiskItemFields
    }
  }
`);

const RiskFilterOptionsQuery = graphql(`
  query RiskFilterOptions {
    kommuner(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
    products(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
    groups(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

const TopicPageQuery = graphql(`
  query RiskTopics($after: String) {
    topics(first: 100, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          labelDa
        }
      }
    }
  }
`);

/** The URL's filter names, in Danish as the address bar shows them. */
const FILTERS = [
  { param: 'kommune', label: TEXT.kommune },
  { param: 'produkt', label: TEXT.product },
  { param: 'gruppe', label: TEXT.group },
  { param: 'emne', label: TEXT.topic },
] as const;

type Option = { id: string; label: string };
type FilterParam = (typeof FILTERS)[number]['param'];

/** `/viden-i-fare`: knowledge at risk by severity, narrowed by kommune, product, group and topic. */
export function RiskPage() {
  const signedIn = Boolean(useToken());
  usePageTitle(TEXT.title);
  return (
    <>
      <h1>{TEXT.title}</h1>
      <p className="font-lead">{TEXT.intro}</p>
      {signedIn ? (
        <RiskReport />
      ) : (
        <div className="alert alert-info">
          <div className="alert-body">
            <p className="alert-text">
              {TEXT.signInFirst} <Link to="/log-ind">{TEXT.signIn}</Link>
            </p>
          </div>
        </div>
      )}
    </>
  );
}

function RiskReport() {
  const [params, setParams] = useSearchParams();
  const value = (param: string) => params.get(param) || undefined;
  const [kommuneId, productId, groupId, topicId] = FILTERS.map(({ param }) => value(param));
  const severity = SEVERITIES.find((entry) => entry.key === params.get('alvor'));
  const { data, loading, error } = useQuery(RiskQuery, {
    variables: {
      all: !kommuneId && !productId && !groupId && !topicId,
      byKommune: Boolean(kommuneId),
      kommuneId,
      byProduct: Boolean(productId),
      productId,
      byGroup: Boolean(groupId),
      groupId,
      byTopic: Boolean(topicId),
      topicId,
    },
  });
  const options = useFilterOptions();

  // Items every named scope found (an item is the same whichever scope found it).
  const lists = data
    ? [data.all, data.kommune, data.product, data.group, data.topic].filter(
        (list): list is RiskItemFieldsFragment[] => Array.isArray(list),
      )
    : [];
  const items = itemsInEveryScope(lists, riskKey);
  const shown = severity ? items.filter((item) => severityOf(item.kind) === severity) : items;

  return (
    <>
      <RiskFilters key={params.toString()} options={options} onApply={setParams} />
      {params.size > 0 && (
        <p>
          <Link to="/viden-i-fare">{TEXT.reset}</Link>
        </p>
      )}
      <p role="status" aria-live="polite">
        {error
          ? TEXT.failed
          : loading
            ? TEXT.loading
            : shown.length === 0
              ? TEXT.none
              : TEXT.count(shown.length)}
      </p>
      {!loading &&
        SEVERITIES.map((entry) => {
          const group = shown.filter((item) => severityOf(item.kind) === entry);
          if (group.length === 0) return null;
          return (
            <section key={entry.key} aria-labelledby={`severity-${entry.key}`}>
              <h2 id={`severity-${entry.key}`}>
                {entry.label}{' '}
                <span className="weight-normal">({TEXT.severityCount(group.length)})</span>
              </h2>
              <p>{entry.help}</p>
              <RiskItemList items={group} />
            </section>
          );
        })}
    </>
  );
}

/** The filters as a form; what it shows comes from the URL, and "Vis" puts the choices there. */
function RiskFilters({
  options,
  onApply,
}: {
  options: Record<FilterParam, Option[]>;
  onApply: (next: Record<string, string>) => void;
}) {
  const [params] = useSearchParams();
  // Controlled selects: they show the URL's choice once the options that hold it have arrived.
  const [chosen, setChosen] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      [...FILTERS.map(({ param }) => param), 'alvor'].map((param) => [
        param,
        params.get(param) ?? '',
      ]),
    ),
  );
  const choose = (param: string) => (event: ChangeEvent<HTMLSelectElement>) =>
    setChosen({ ...chosen, [param]: event.target.value });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onApply(Object.fromEntries(Object.entries(chosen).filter(([, value]) => value)));
  }

  return (
    <form className="app-filters" onSubmit={submit} aria-label={TEXT.filters}>
      {FILTERS.map(({ param, label }) => (
        <div className="form-group" key={param}>
          <label className="form-label" htmlFor={`risk-${param}`}>
            {label}
          </label>
          <select
            className="form-select"
            id={`risk-${param}`}
            name={param}
            value={chosen[param]}
            onChange={choose(param)}
          >
            <option value="">{TEXT.any}</option>
            {withChosen(options[param], chosen[param]).map((option) => (
              <option key={option.id} value={option.id}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
      ))}
      <div className="form-group">
        <label className="form-label" htmlFor="risk-alvor">
          {TEXT.severity}
        </label>
        <select
          className="form-select"
          id="risk-alvor"
          name="alvor"
          value={chosen.alvor}
          onChange={choose('alvor')}
        >
          <option value="">{TEXT.any}</option>
          {SEVERITIES.map((entry) => (
            <option key={entry.key} value={entry.key}>
              {entry.label}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button button-secondary">
        {TEXT.apply}
      </button>
    </form>
  );
}

/** A chosen id the options do not (yet) hold stays selectable, so the form shows the URL's choice. */
function withChosen(options: Option[], chosen: string | null): Option[] {
  if (!chosen || options.some((option) => option.id === chosen)) return options;
  return [...options, { id: chosen, label: TEXT.loadingOption }];
}

/** The choices of each filter: kommuner, products, groups, and every topic (they span pages). */
function useFilterOptions(): Record<FilterParam, Option[]> {
  const { data } = useQuery(RiskFilterOptionsQuery);
  const client = useApolloClient();
  const [topics, setTopics] = useState<Option[]>([]);
  useEffect(() => {
    let cancelled = false;
    (async () => {
      const all: Option[] = [];
      let after: string | null | undefined = undefined;
      do {
        const page: { data?: RiskTopicsQuery } = await client.query({
          query: TopicPageQuery,
          variables: { after },
        });
        if (!page.data) break;
        all.push(
          ...page.data.topics.edges.map(({ node }) => ({ id: node.id, label: node.labelDa })),
        );
        after = page.data.topics.pageInfo.hasNextPage ? page.data.topics.pageInfo.endCursor : null;
      } while (after && !cancelled);
      if (!cancelled) setTopics(all.sort((a, b) => a.label.localeCompare(b.label, 'da')));
    })().catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [client]);
  const sorted = (edges: { node: { id: string; name: string } }[] | undefined) =>
    (edges ?? [])
      .map(({ node }) => ({ id: node.id, label: node.name }))
      .sort((a, b) => a.label.localeCompare(b.label, 'da'));
  return {
    kommune: sorted(data?.kommuner.edges),
    produkt: sorted(data?.products.edges),
    gruppe: sorted(data?.groups.edges),
    emne: topics,
  };
}
