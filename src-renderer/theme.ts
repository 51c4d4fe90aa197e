import { useEffect, useState } from 'react';

export type ThemeChoice = 'system' | 'light' | 'dark';

/** Resolves the effective theme: the user's choice, or the OS preference when 'system'. */
export function useTheme(choice: ThemeChoice): 'light' | 'dark' {
  const mq = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
  const [osDark, setOsDark] = useState(mq?.matches ?? false);
  useEffect(() => {
    if (!mq) return;
    const on = (e: MediaQueryListEvent) => setOsDark(e.matches);
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, [mq]);
  const effective = choice === 'system' ? (osDark ? 'dark' : 'light') : choice;
  useEffect(() => {
    document.documentElement.dataset.theme = effective;
  }, [effective]);
  return effective;
}
