/**
 * Start-up of the share area: the hop, speed and lesson the browser remembers (the YAML and
 * request are read by the store itself), a link in the address bar, the service worker. Then
 * every change worth remembering is saved as it happens.
 */
import { SPEEDS } from '../player/machine';
import { useStore } from '../store';
import { whenBuilt } from '../store/store';
import { loadNumber, save } from '../store/persist';
import { sessionParam } from './link';
import { registerOffline } from './offline/register';
import { watchLinks } from './session';
import { loadLessons } from '../lessons/load';
import { whenSettled } from '../app/firstFrame';

function restoreRemembered(): void {
  const s = useStore.getState();
  const speed = loadNumber('speed');
  if (speed !== undefined && (SPEEDS as readonly number[]).includes(speed)) s.dispatch({ type: 'speed', speed });
  // A link brings its own hop; a remembered one belongs to the remembered YAML.
  if (sessionParam(location.hash) || new URLSearchParams(location.search).has('lesson')) return;
  const hop = loadNumber('hop');
  // The trace comes from the engine's worker: the hop is found on it once it is there.
  whenBuilt(() => {
    const now = useStore.getState();
    if (hop !== undefined && hop > 0 && hop < now.trace.hops.length) now.dispatch({ type: 'seek', step: hop });
  });
}

function rememberChanges(): void {
  useStore.subscribe((s, before) => {
    if (s.player.step !== before.player.step) save('hop', String(s.player.step));
    if (s.player.speed !== before.player.speed) save('speed', String(s.player.speed));
  });
}

export function bootShare(): void {
  document.documentElement.dataset.embed = String(useStore.getState().embed);
  restoreRemembered();
  rememberChanges();
  watchLinks();
  registerOffline();
  // The lessons other than the default come in a chunk of their own: fetched once the first
  // picture is up, the editor in and the page idle, so the picker and the history name them at once.
  whenBuilt(() => {
    const idle = window.requestIdleCallback ?? ((f: () => void) => setTimeout(f, 1000));
    void whenSettled().then(() => idle(() => void loadLessons().catch(() => {}), { timeout: 5000 }));
  });
}
