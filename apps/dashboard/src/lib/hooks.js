// The dashboard's hooks: loading data, a form's values, pages of a list, and running an action.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

/**
 * `?poll_ms=300` in the page's address replaces every refresh interval, so a test can see several
 * refreshes in a second or two; without it each screen keeps its own interval.
 */
const POLL_OVERRIDE = Number(new URLSearchParams(location.search).get('poll_ms')) || 0;

/**
 * Loads data and reloads it on demand, or every `pollMs` while the tab is visible. A failed poll keeps
 * the last data and shows the error; the next success clears it.
 */
export function useLoader(load, deps, { pollMs: wanted = 0 } = {}) {
  const pollMs = wanted && (POLL_OVERRIDE || wanted);
  const [state, setState] = useState({ data: null, error: null, loading: true });
  const generation = useRef(0);
  const reload = useCallback(async () => {
    const mine = ++generation.current;
    try {
      const data = await load();
      if (mine === generation.current) setState({ data, error: null, loading: false });
    } catch (error) {
      if (mine === generation.current) setState((s) => ({ ...s, error, loading: false }));
    }
  }, deps);
  useEffect(() => {
    setState({ data: null, error: null, loading: true });
    reload();
    if (!pollMs) return () => generation.current++;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') reload();
    }, pollMs);
    return () => {
      clearInterval(timer);
      generation.current++;
    };
  }, [reload, pollMs]);
  return { ...state, reload };
}

/**
 * What a button or a form does, with its busy and error state. `run(...args)` calls `fn(...args)`:
 * while it runs `busy` is true and `running` holds its arguments (which row's button it was); when it
 * throws, `error` keeps the failure for <ErrorMessage> until the next run or `clear()`. A form's own checks throw
 * `{ message }` the same way.
 */
export function useAction(fn) {
  const [running, setRunning] = useState(null);
  const [error, setError] = useState(null);
  const run = async (...args) => {
    setRunning(args);
    setError(null);
    try {
      await fn(...args);
    } catch (failure) {
      setError(failure);
    } finally {
      setRunning(null);
    }
  };
  return {
    run,
    /** A form's onSubmit: the page stays, the action runs. */
    submit: (event) => {
      event.preventDefault();
      return run();
    },
    busy: running !== null,
    running,
    error,
    clear: () => setError(null),
  };
}

/**
 * A form's own values, from `initial` when it mounts: the page's refreshes re-render it with new props
 * but never touch what the person has typed or chosen, until the form is submitted or cancelled (and
 * unmounted with its dialog). `text(name)` and `choice(name, value)` spread onto inputs and selects.
 */
export function useFields(initial) {
  const [values, setValues] = useState(initial);
  const set = (name, value) => setValues((all) => ({ ...all, [name]: value }));
  return {
    values,
    set,
    text: (name) => ({
      name,
      value: values[name],
      onInput: (event) => set(name, event.currentTarget.value),
    }),
    choice: (name, value) => ({
      name,
      value,
      checked: values[name] === value,
      onChange: () => set(name, value),
    }),
  };
}

/** Keyset pagination over a Lithic list: a stack of `starting_after` cursors, one per page seen. */
export function usePages(resetKey) {
  const [cursors, setCursors] = useState([undefined]);
  useEffect(() => setCursors([undefined]), [resetKey]);
  const page = cursors.length;
  return {
    page,
    cursor: cursors[page - 1],
    next: (lastToken) => setCursors((c) => [...c, lastToken]),
    previous: () => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)),
  };
}

/** A set of row tokens shown expanded, toggled one at a time. */
export function useExpanded() {
  const [expanded, setExpanded] = useState(() => new Set());
  const toggle = (token) =>
    setExpanded((all) => {
      const next = new Set(all);
      if (!next.delete(token)) next.add(token);
      return next;
    });
  return { has: (token) => expanded.has(token), toggle };
}

/**
 * The tokens of rows seen before this render, or null on the first: a row not in it arrived while the
 * table was open, and is highlighted.
 */
export function useSeen(rows) {
  const seen = useRef(null);
  const known = seen.current;
  useEffect(() => {
    if (rows) seen.current = new Set([...(seen.current ?? []), ...rows.map((row) => row.token)]);
  }, [rows]);
  return known;
}
