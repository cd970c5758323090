/**
 * The chunk of what is drawn after the first frame (Later.tsx), fetched when that frame is
 * painted (fetched with the page's script, it was parsed and run before the picture was
 * drawn). Not React.lazy: a lazy component suspends once even when its chunk is in, and React
 * holds a boundary's content back for 300 ms after its fallback was shown.
 */
import { useEffect, useState } from 'react';

type LaterModule = typeof import('./Later');

let loaded: LaterModule | undefined;
let loading: Promise<LaterModule> | undefined;

function load(): Promise<LaterModule> {
  loading ??= import('./Later').then(
    (m) => (loaded = m),
    (e: unknown) => {
      loading = undefined; // a failed fetch (offline, an old build's chunk gone) may be tried again
      throw e;
    },
  );
  return loading;
}

/** The chunk's components once `wanted` and loaded (undefined until then). */
export function useLater(wanted: boolean): LaterModule | undefined {
  const [module, setModule] = useState(loaded);
  useEffect(() => {
    if (module || !wanted) return;
    let live = true;
    load().then(
      (m) => live && setModule(m),
      (e: unknown) => console.error('podpath: the rest of the page did not load:', e),
    );
    return () => {
      live = false;
    };
  }, [module, wanted]);
  return wanted ? module : undefined;
}
