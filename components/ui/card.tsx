import type { HTMLAttributes, ReactNode } from 'react';

/** A bordered surface. Use `as="section"` with a heading for landmarks people can jump between. */
export function Card({ as: Tag = 'div', className = '', ...props }: HTMLAttributes<HTMLElement> & { as?: 'div' | 'section' | 'article' | 'aside' }) {
  return <Tag className={`rounded-lg border border-line bg-surface ${className}`} {...props} />;
}

/** A card's title row: a heading and optional controls on the right. */
export function CardHeader({ title, id, children, level = 2 }: { title: ReactNode; id?: string; children?: ReactNode; level?: 2 | 3 }) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <div className="flex flex-wrap items-center justify-between gap-2 border-b border-line px-4 py-2.5">
      <Heading id={id} className="text-sm font-semibold tracking-wide text-fg">
        {title}
      </Heading>
      {children}
    </div>
  );
}
