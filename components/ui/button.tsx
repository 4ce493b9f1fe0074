import type { ButtonHTMLAttributes } from 'react';

const variants = {
  default: 'border-line bg-surface-2 text-fg hover:bg-line/60',
  primary: 'border-accent bg-accent text-white hover:opacity-90',
  ghost: 'border-transparent bg-transparent text-muted hover:bg-surface-2 hover:text-fg',
} as const;

const sizes = { sm: 'h-7 px-2 text-xs', md: 'h-9 px-3 text-sm' } as const;

/** A real <button> (type="button" unless told otherwise) with the house focus ring. */
export function Button({
  variant = 'default',
  size = 'md',
  className = '',
  type = 'button',
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: keyof typeof variants; size?: keyof typeof sizes }) {
  return (
    <button
      type={type}
      className={`inline-flex items-center justify-center gap-1.5 rounded-md border font-medium transition-colors disabled:cursor-not-allowed disabled:opacity-50 ${variants[variant]} ${sizes[size]} ${className}`}
      {...props}
    />
  );
}
