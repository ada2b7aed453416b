import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * The alarm tone, generated with Web Audio (no audio file): three short square-wave beeps
 * alternating 880/660 Hz, with short ramps so they do not click. Browsers only let a page
 * play sound after the user interacted with it; the mute toggle is such an interaction and
 * wakes the audio context up.
 */

const STORAGE_KEY = 'safegrid.alarmSound';

export const BEEPS: readonly { at: number; freq: number; length: number }[] = [
  { at: 0, freq: 880, length: 0.18 },
  { at: 0.25, freq: 660, length: 0.18 },
  { at: 0.5, freq: 880, length: 0.3 },
];

type AudioContextCtor = typeof AudioContext;

function audioContextCtor(): AudioContextCtor | null {
  const w = window as unknown as { AudioContext?: AudioContextCtor; webkitAudioContext?: AudioContextCtor };
  return w.AudioContext ?? w.webkitAudioContext ?? null;
}

function storedMuted(): boolean {
  try {
    return window.localStorage.getItem(STORAGE_KEY) === 'off';
  } catch {
    return false;
  }
}

export function useAlarmSound(): { muted: boolean; toggle(): void; play(): void } {
  const [muted, setMuted] = useState(storedMuted);
  const contextRef = useRef<AudioContext | null>(null);
  const mutedRef = useRef(muted);
  useEffect(() => {
    mutedRef.current = muted;
  }, [muted]);

  const context = useCallback((): AudioContext | null => {
    if (!contextRef.current) {
      const Ctor = audioContextCtor();
      if (!Ctor) return null;
      contextRef.current = new Ctor();
    }
    return contextRef.current;
  }, []);

  useEffect(() => {
    // The first click anywhere on the page unlocks audio for later alarms.
    const unlock = () => {
      void context()
        ?.resume()
        .catch(() => undefined);
    };
    window.addEventListener('pointerdown', unlock, { once: true });
    return () => {
      window.removeEventListener('pointerdown', unlock);
      void contextRef.current?.close().catch(() => undefined);
      contextRef.current = null;
    };
  }, [context]);

  const play = useCallback(() => {
    if (mutedRef.current) return;
    const ctx = context();
    if (!ctx) return;
    if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
    const start = ctx.currentTime + 0.02;
    for (const beep of BEEPS) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'square';
      osc.frequency.value = beep.freq;
      const t0 = start + beep.at;
      gain.gain.setValueAtTime(0, t0);
      gain.gain.linearRampToValueAtTime(0.15, t0 + 0.01);
      gain.gain.setValueAtTime(0.15, t0 + beep.length - 0.02);
      gain.gain.linearRampToValueAtTime(0, t0 + beep.length);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t0);
      osc.stop(t0 + beep.length + 0.01);
    }
  }, [context]);

  const toggle = useCallback(() => {
    setMuted((was) => {
      const next = !was;
      try {
        window.localStorage.setItem(STORAGE_KEY, next ? 'off' : 'on');
      } catch {
        // Not remembered; still applies now.
      }
      return next;
    });
    void context()
      ?.resume()
      .catch(() => undefined);
  }, [context]);

  return { muted, toggle, play };
}
