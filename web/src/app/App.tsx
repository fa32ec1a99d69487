import { ApolloProvider } from '@apollo/client/react';
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { SignInCallbackPage } from '../auth/SignInCallbackPage';
import { SignInPage } from '../auth/SignInPage';
import { Layout } from '../layout/Layout';
import { NotFoundPage } from '../layout/NotFoundPage';
import { createApolloClient } from './apollo';

// Pages load in chunks of their own when first visited (the first load's budget is 150 kB).
const SearchPage = lazy(() =>
  import('../search/SearchPage').then((module) => ({ default: module.SearchPage })),
);
const PersonPage = lazy(() =>
  import('../person/PersonPage').then((module) => ({ default: module.PersonPage })),
);
const GroupListPage = lazy(() =>
  import('../groups/GroupListPage').then((module) => ({ default: module.GroupListPage })),
);
const GroupPage = lazy(() =>
  import('../groups/GroupPage').then((module) => ({ default: module.GroupPage })),
);
const ProductListPage = lazy(() =>
  import('../products/ProductListPage').then((module) => ({ default: module.ProductListPage })),
);
const ProductPage = lazy(() =>
  import('../products/ProductPage').then((module) => ({ default: module.ProductPage })),
);
const KommuneListPage = lazy(() =>
  import('../kommuner/KommuneListPage').then((module) => ({ default: module.KommuneListPage })),
);
const KommunePage = lazy(() =>
  import('../kommuner/KommunePage').then((module) => ({ default: module.KommunePage })),
);
const RiskPage = lazy(() =>
  import('../risk/RiskPage').then((module) => ({ default: module.RiskPage })),
);

const RequirementListPage = lazy(() =>
  import('../requirements/RequirementListPage').then((m) => ({ default: m.RequirementListPage })),
);
const RequirementPage = lazy(() =>
  import('../requirements/RequirementPage').then((m) => ({ default: m.RequirementPage })),
);
const DeparturePage = lazy(() =>
  import('../departure/DeparturePage').then((m) => ({ default: m.DeparturePage })),
);
const ImportPage = lazy(() =>
  import('../import/ImportPage').then((m) => ({ default: m.ImportPage })),
);

/** The routes of the web app; paths are Danish, as users read them in the address bar. */
export function App() {
  const [client] = useState(createApolloClient);
  return (
    <ApolloProvider client={client}>
      <BrowserRouter>
        <Routes>
          <Route element={<Layout />}>
            <Route index element={<Lazy page={<SearchPage />} />} />
            <Route path="log-ind" element={<SignInPage />} />
            <Route path="log-ind/retur" element={<SignInCallbackPage />} />
            <Route path="personer/:id" element={<Lazy page={<PersonPage />} />} />
            <Route path="grupper" element={<Lazy page={<GroupListPage />} />} />
            <Route path="grupper/:id" element={<Lazy page={<GroupPage />} />} />
            <Route path="produkter" element={<Lazy page={<ProductListPage />} />} />
            <Route path="produkter/:id" element={<Lazy page={<ProductPage />} />} />
            <Route path="kommuner" element={<Lazy page={<KommuneListPage />} />} />
            <Route path="kommuner/:id" element={<Lazy page={<KommunePage />} />} />
            <Route path="viden-i-fare" element={<Lazy page={<RiskPage />} />} />
            <Route path="krav" element={<Lazy page={<RequirementListPage />} />} />
            <Route path="krav/:id" element={<Lazy page={<RequirementPage />} />} />
            <Route path="fratraedelse/:personId" element={<Lazy page={<DeparturePage />} />} />
            <Route path="import" element={<Lazy page={<ImportPage />} />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </ApolloProvider>
  );
}

/** A lazily loaded page, with a Danish line while its chunk arrives. */
function Lazy({ page }: { page: ReactNode }) {
  return <Suspense fallback={<p role="status">Henter siden …</p>}>{page}</Suspense>;
}
