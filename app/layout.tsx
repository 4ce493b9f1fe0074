import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { QueryProvider } from './_components/query-provider';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'VoiceHive Ops', template: '%s · VoiceHive Ops' },
  description: 'Operations console for the VoiceHive Hotels voice-AI platform',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-canvas font-sans text-fg antialiased">
        <a href="#main" className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-surface focus:px-3 focus:py-2">
          Skip to content
        </a>
        <header className="sticky top-0 z-40 border-b border-line bg-surface/95 backdrop-blur">
          <div className="mx-auto flex h-12 max-w-[1920px] items-center gap-3 px-4">
            <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight">
              <span aria-hidden="true" className="grid size-6 place-items-center rounded bg-fg text-[13px] font-black text-canvas">
                V
              </span>
              VoiceHive Ops
            </Link>
            <span className="text-xs text-muted">operations console</span>
          </div>
        </header>
        <QueryProvider>
          <main id="main" className="mx-auto max-w-[1920px] px-4 py-4">
            {children}
          </main>
        </QueryProvider>
      </body>
    </html>
  );
}
