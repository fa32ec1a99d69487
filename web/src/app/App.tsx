import { ApolloProvider } from '@apollo/client/react';
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { SignInCallbackPage } from '../auth/SignInCallbackPage';
import { SignInPage } from '../auth/SignInPage';
import { Layout } from '../layout/Layout';
import { NotFoundPage } from '../layout/NotFoundPage';
import { createApolloClient } from './apollo';

// Pages load when first visited, so the first load carries only the frame and the sign-in.
const SearchPage = lazy(() =>
  import('../search/SearchPage').then((module) => ({ default: module.SearchPage })),
);
const PersonPage = lazy(() =>
  import('../person/PersonPage').then((module) => ({ default: module.PersonPage })),
);

/** The routes of the web app; paths are Danish, as users read them in the address bar. */
export function App() {
  const [client] = useState(createApolloClient);
  return (
    <ApolloProvider client={client}>
      <BrowserRouter>
        <Routes>
          <Route element={<Layout />}>
            <Route index element={<Page element={<SearchPage />} />} />
            <Route path="log-ind" element={<SignInPage />} />
            <Route path="log-ind/retur" element={<SignInCallbackPage />} />
            <Route path="personer/:id" element={<Page element={<PersonPage />} />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </ApolloProvider>
  );
}

/** A lazily loaded page, with a quiet note while its code arrives. */
function Page({ element }: { element: ReactNode }) {
  return <Suspense fallback={<p role="status">Henter siden …</p>}>{element}</Suspense>;
}
