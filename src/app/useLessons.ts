import { useEffect, useState } from 'react';
import { loadedLessons, loadLessons } from '../lessons/load';
import type { Lesson } from '../lessons/types';

/** Every lesson, fetched when `wanted` first holds (lessons/load.ts); undefined until they are here. */
export function useLessons(wanted = true): Lesson[] | undefined {
  const [lessons, setLessons] = useState(loadedLessons);
  useEffect(() => {
    if (wanted && !lessons) void loadLessons().then(setLessons);
  }, [wanted, lessons]);
  return lessons;
}
