import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

/** A new page starts at the top, as it would with full page loads. */
export function ScrollToTop() {
  const { pathname } = useLocation();
  const previous = useRef(pathname);
  useEffect(() => {
    if (previous.current === pathname) return;
    previous.current = pathname;
    window.scrollTo(0, 0);
  }, [pathname]);
  return null;
}
