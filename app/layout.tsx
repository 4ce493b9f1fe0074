import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { QueryProvider } from './_components/query-provider';
import { SiteHeader } from './_components/site-header';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'VoiceHive Ops', template: '%s · VoiceHive Ops' },
  description: 'Operations console for the VoiceHive Hotels voice-AI platform',
  // Files in public/ (scripts/generate-icons.ts draws the PNGs from icon.svg), served to anyone: a phone
  // pins the console from the sign-in page, before it has a session.
  icons: {
    icon: [
      { url: '/favicon.ico', sizes: '16x16 32x32 48x48' },
      { url: '/icon.svg', type: 'image/svg+xml' },
    ],
    apple: [{ url: '/apple-touch-icon.png', sizes: '180x180', type: 'image/png' }],
  },
  manifest: '/manifest.webmanifest',
  appleWebApp: { title: 'VoiceHive Ops' },
};

// The browser's own bars in the console's canvas colour (app/globals.css), light or dark.
export const viewport: Viewport = {
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#f4f5f7' },
    { media: '(prefers-color-scheme: dark)', color: '#0b0d12' },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request, never prerendered at build: its scripts must carry this request's
  // CSP nonce (proxy.ts), which a page built ahead of time could not know.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen bg-canvas font-sans text-fg antialiased">
        <a href="#main" className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-surface focus:px-3 focus:py-2">
          Skip to content
        </a>
        {/* A page's own skip links (the section page's "Skip to resolution steps") come right after, by a portal. */}
        <div id="page-skip-links" className="contents" />
        <SiteHeader />
        <QueryProvider>
          <main id="main" className="mx-auto max-w-[1920px] px-4 py-4">
            {children}
          </main>
        </QueryProvider>
      </body>
    </html>
  );
}
