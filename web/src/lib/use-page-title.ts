import { useEffect } from 'react';

export const PRODUCT_NAME = 'Roundtable';

/** Sets the document title to "<title> · Roundtable" while the page is shown. */
export function usePageTitle(title: string | null): void {
  useEffect(() => {
    document.title = title ? `${title} · ${PRODUCT_NAME}` : PRODUCT_NAME;
  }, [title]);
}
