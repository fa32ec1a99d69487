import type { FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { usePageTitle } from '../app/usePageTitle';
import { useToken } from '../auth/session';
import { EverythingResults } from './EverythingResults';
import { ExpertResults } from './ExpertResults';
import { SearchBox, type Suggestion } from './SearchBox';
import { SearchFilters } from './SearchFilters';
import {
  readSearchState,
  searchHref,
  searchParamsOf,
  type SearchState,
  type SearchTab,
} from './search-params';
import { TEXT } from './search.texts';
import './search.css';

/**
 * `/`: who knows about …? One search box that suggests topics and products, the people with
 * evidence for it (filters in the address), and a second tab with everything the network holds.
 */
export function SearchPage() {
  const [params, setParams] = useSearchParams();
  const state = readSearchState(params);
  const signedIn = Boolean(useToken());
  usePageTitle(state.query ? `${state.query} – ${TEXT.title}` : TEXT.title);

  const go = (next: SearchState) => setParams(searchParamsOf(next));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const query = text('q');
    // A topic chosen from the suggestions holds while its label is what the box says.
    const topicId = query === state.query ? state.topicId : '';
    // The filters are fields of this form only on the people tab, for signed-in users.
    const filters = form.has('kommune')
      ? {
          kommuneId: text('kommune'),
          region: text('region'),
          productId: text('produkt'),
          openToQuestions: form.get('aabne') === '1',
          includeFormer: form.get('tidligere') === '1',
        }
      : {};
    go({ ...state, ...filters, query, topicId });
  }

  function choose(suggestion: Suggestion) {
    if (suggestion.kind === 'topic') {
      go({ ...state, query: suggestion.label, topicId: suggestion.id });
    } else {
      go({ ...state, query: suggestion.label, topicId: '', productId: suggestion.id });
    }
  }

  const tabHref = (tab: SearchTab) => searchHref({ ...state, tab });
  const people = state.tab === 'personer';

  return (
    <>
      <h1>{TEXT.title}</h1>
      <form role="search" className="app-search" onSubmit={submit} aria-label={TEXT.title}>
        <SearchBox
          key={`${state.query}|${state.topicId}`}
          id="search-query"
          name="q"
          label={people ? TEXT.label : TEXT.labelEverything}
          hint={people ? TEXT.hint : TEXT.hintEverything}
          defaultValue={state.query}
          onChoose={choose}
        >
          <button type="submit" className="button button-primary">
            {TEXT.submit}
          </button>
        </SearchBox>
        {people && signedIn && (
          <SearchFilters
            state={state}
            onClear={() =>
              go({
                ...state,
                kommuneId: '',
                region: '',
                productId: '',
                openToQuestions: false,
                includeFormer: false,
              })
            }
          />
        )}
      </form>

      <nav className="tab-container app-tabs" aria-label={TEXT.tabs}>
        <ul className="tab-list">
          <li>
            <Link
              to={tabHref('personer')}
              className="tab-button"
              aria-current={people ? 'true' : undefined}
            >
              <span>{TEXT.tabPeople}</span>
            </Link>
          </li>
          <li>
            <Link
              to={tabHref('alt')}
              className="tab-button"
              aria-current={!people ? 'true' : undefined}
            >
              <span>{TEXT.tabEverything}</span>
            </Link>
          </li>
        </ul>
      </nav>

      {people && state.topicId && state.query && (
        <p className="app-topic-note">
          {TEXT.byTopic(state.query)}{' '}
          <Link to={searchHref({ ...state, topicId: '' })}>{TEXT.byWords}</Link>
        </p>
      )}

      {people && !signedIn && <SignInFirst text={TEXT.signInFirst} />}
      {!people && !signedIn && <SignInFirst text={TEXT.everythingAnonymous} />}
      {people && signedIn && state.query && <ExpertResults state={state} />}
      {!people && state.query && <EverythingResults query={state.query} />}
    </>
  );
}

function SignInFirst({ text }: { text: string }) {
  return (
    <div className="alert alert-info">
      <div className="alert-body">
        <p className="alert-text">
          {text} <Link to="/log-ind">{TEXT.signIn}</Link>
        </p>
      </div>
    </div>
  );
}
