import { useEffect, useState } from 'react';

/** The wall clock, refreshed every `intervalMs`, so "5 min ago" texts stay true while shown. */
export function useNow(intervalMs = 10_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
