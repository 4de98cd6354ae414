import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { SiteNav } from '../components/site-nav.tsx';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Helios', template: '%s · Helios' },
  description: 'What your campaigns bid, won and spent on the Helios real-time bidding engine',
};

/** Every page: a skip link, the header with the main navigation, and the page in <main>. */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <span className="brand">
            <span aria-hidden="true">☀</span> Helios
          </span>
          <SiteNav />
        </header>
        <main id="main">{children}</main>
      </body>
    </html>
  );
}
