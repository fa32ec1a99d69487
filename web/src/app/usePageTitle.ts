import { useEffect } from 'react';

/** Sets the browser tab's title to "<page> – Erfaringsnet". */
export function usePageTitle(page: string) {
  useEffect(() => {
    document.title = page ? `${page} – Erfaringsnet` : 'Erfaringsnet';
  }, [page]);
}
