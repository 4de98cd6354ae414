'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const PAGES = [
  { href: '/', label: 'Overview' },
  { href: '/outcomes/', label: 'Outcomes' },
  { href: '/campaigns/', label: 'Campaigns' },
] as const;

/** The dashboard's pages; the current one is marked with aria-current for assistive technology and CSS. */
export function SiteNav() {
  const pathname = usePathname();
  const current = (href: string) => (href === '/' ? pathname === '/' : pathname.startsWith(href.replace(/\/$/, '')));
  return (
    <nav aria-label="Main">
      <ul>
        {PAGES.map((page) => (
          <li key={page.href}>
            <Link href={page.href} aria-current={current(page.href) ? 'page' : undefined}>
              {page.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
