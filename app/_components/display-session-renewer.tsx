'use client';

import { useEffect } from 'react';

// Well inside the shortest DISPLAY_SESSION_MAX_AGE (1 day).
const RENEW_EVERY_MS = 6 * 3_600_000;

/**
 * A display's session and cookie last DISPLAY_SESSION_MAX_AGE (not forever): a screen in use pushes the end
 * out again when a page loads and every few hours, so a wall that is on never meets it. Renders nothing.
 */
export function DisplaySessionRenewer() {
  useEffect(() => {
    const renew = () => void fetch('/api/auth/display/session', { method: 'POST' }).catch(() => undefined);
    renew();
    const timer = window.setInterval(renew, RENEW_EVERY_MS);
    return () => window.clearInterval(timer);
  }, []);
  return null;
}
