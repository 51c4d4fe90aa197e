import { useEffect, useSyncExternalStore } from 'react';

export type ThemeChoice = 'system' | 'light' | 'dark';

// One MediaQueryList for the app's life, read on every render. The shell used to make a new list per
// render and keep the OS preference in state set only by 'change' events: a switch followed at once
// by a render (a navigation, a poll's answer) was never reported to the list holding the listener,
// and the app stayed in the old theme until reloaded.
const darkQuery = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
const subscribe = (onChange: () => void) => {
  darkQuery?.addEventListener('change', onChange);
  return () => darkQuery?.removeEventListener('change', onChange);
};
const osPrefersDark = () => darkQuery?.matches ?? false;

/** Resolves the effective theme: the user's choice, or the OS preference when 'system'. */
export function useTheme(choice: ThemeChoice): 'light' | 'dark' {
  const osDark = useSyncExternalStore(subscribe, osPrefersDark);
  const effective = choice === 'system' ? (osDark ? 'dark' : 'light') : choice;
  useEffect(() => {
    document.documentElement.dataset.theme = effective;
  }, [effective]);
  return effective;
}
