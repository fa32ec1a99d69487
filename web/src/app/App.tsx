import { ApolloProvider } from '@apollo/client/react';
import { useState } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { SignInCallbackPage } from '../auth/SignInCallbackPage';
import { SignInPage } from '../auth/SignInPage';
import { Layout } from '../layout/Layout';
import { NotFoundPage } from '../layout/NotFoundPage';
import { PersonPage } from '../person/PersonPage';
import { SearchPage } from '../search/SearchPage';
import { createApolloClient } from './apollo';

/** The routes of the web app; paths are Danish, as users read them in the address bar. */
export function App() {
  const [client] = useState(createApolloClient);
  return (
    <ApolloProvider client={client}>
      <BrowserRouter>
        <Routes>
          <Route element={<Layout />}>
            <Route index element={<SearchPage />} />
            <Route path="log-ind" element={<SignInPage />} />
            <Route path="log-ind/retur" element={<SignInCallbackPage />} />
            <Route path="personer/:id" element={<PersonPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </ApolloProvider>
  );
}
