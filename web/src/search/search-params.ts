/**
 * The search page's state as it lives in the address bar, so a search can be shared and reloaded:
 * `q` (the words), `emne` (a topic chosen from the suggestions), `kommune`, `region`, `produkt`,
 * `aabne` (open to questions), `tidligere` (include former) and `fane` (the active tab).
 */
export interface SearchState {
  query: string;
  topicId: string;
  kommuneId: string;
  region: string;
  productId: string;
  openToQuestions: boolean;
  includeFormer: boolean;
  tab: SearchTab;
}

/** People who know (`experts`) or everything the network holds (`search`). */
export type SearchTab = 'personer' | 'alt';

export function readSearchState(params: URLSearchParams): SearchState {
  return {
    query: (params.get('q') ?? '').trim(),
    topicId: params.get('emne') ?? '',
    kommuneId: params.get('kommune') ?? '',
    region: params.get('region') ?? '',
    productId: params.get('produkt') ?? '',
    openToQuestions: params.get('aabne') === '1',
    includeFormer: params.get('tidligere') === '1',
    tab: params.get('fane') === 'alt' ? 'alt' : 'personer',
  };
}

/** The query string for a state; empty values are left out so addresses stay short. */
export function searchParamsOf(state: SearchState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.query) params.set('q', state.query);
  if (state.topicId) params.set('emne', state.topicId);
  if (state.kommuneId) params.set('kommune', state.kommuneId);
  if (state.region) params.set('region', state.region);
  if (state.productId) params.set('produkt', state.productId);
  if (state.openToQuestions) params.set('aabne', '1');
  if (state.includeFormer) params.set('tidligere', '1');
  if (state.tab === 'alt') params.set('fane', 'alt');
  return params;
}

/** The address of a search, e.g. for a link to the people who know a topic. */
export function searchHref(state: Partial<SearchState>): string {
  const params = searchParamsOf({ ...readSearchState(new URLSearchParams()), ...state });
  const text = params.toString();
  return text ? `/?${text}` : '/';
}
