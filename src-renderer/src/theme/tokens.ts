import type { GlobalThemeOverrides } from 'naive-ui';

/**
 * The console's one palette: severity colours, surfaces, text and accents. Naive UI's theme
 * overrides are derived from it, components read it as CSS variables (`var(--cc-…)`, set on the
 * document by `applyTokens`), and the map style (map/colors.ts) and chart themes import it.
 */
export const PALETTE = {
  /** China's four warning colours, tuned to read on the dark command-centre theme. */
  severity: { red: '#ff3b3b', orange: '#ff8c1a', yellow: '#ffd426', blue: '#2f8cff' },
  surface: {
    /** The page and the map's background. */
    base: '#0b1220',
    /** Cards and panels. */
    panel: '#0d182b',
    /** Popovers and menus. */
    raised: '#0f1d35',
    /** A row under the pointer. */
    hover: '#13223b',
    /** The selected row. */
    selected: '#1a3157',
    /** Rows of lists and tables: their separators and hover. */
    row: '#15243d',
    rowLine: '#14233d',
    /** The header bar and detail grid labels. */
    header: '#0b1526',
    /** Video tiles. */
    video: '#05080f',
    videoEdge: '#1a2c4a',
    videoEdgeActive: '#3d5a85',
    black: '#000000',
    /** Raw payloads. */
    code: '#0a1424',
  },
  border: { normal: '#1f3a66', strong: '#2a446e' },
  text: { strong: '#e6f0ff', normal: '#d6e2f5', soft: '#cfe1ff', label: '#b9c8e0', dim: '#9fb6d9', muted: '#7f9cc6', faint: '#6b84a8', grey: '#888888', slate: '#6b7a90', place: '#9fc3ef', white: '#ffffff' },
  /** States: the case clock, conflicts, notices and the emblem. */
  state: {
    okEdge: '#1f5c33',
    soonEdge: '#6b5a14',
    overdue: '#c1121f',
    conflictEdge: '#8a3b12',
    conflict: '#2a1608',
    conflictLink: '#ffb37a',
    conflictText: '#ffd9bf',
    notice: '#2a1d0b',
    noticeEdge: '#5c3d12',
    noticeText: '#ffd9a0',
    indexing: '#f5c542',
    error: '#5c1a1a',
    emblemFrom: '#d7263d',
    emblemTo: '#f46036',
  },
  /** The printed briefing: dark ink on white paper (a PDF is read on paper and on any screen). */
  paper: { sheet: '#ffffff', ink: '#111827', soft: '#374151', muted: '#6b7280', rule: '#d1d5db', band: '#f3f4f6', accent: '#b91c1c', grid: '#1e3a8a', gridFill: '#dbeafe' },
  /** `signal`: a detection signal (its grids outlined on the map, its alarm days on the curve). */
  accent: { signal: '#ff2d95', primary: '#4f8cc9', primaryHover: '#6aa3db', light: '#9fd0ff', ok: '#30d158', danger: '#ff8c8c', warningEdge: '#8a6d1f', message: '#16243d', messageText: '#f2f5fa' },
} as const;

export const FONT_FAMILY = "'Noto Sans SC', 'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', sans-serif"; // bundled first (styles/fonts.ts)

/** Naive UI's theme, from the palette. */
export const themeOverrides: GlobalThemeOverrides = {
  common: {
    primaryColor: PALETTE.accent.primary,
    primaryColorHover: PALETTE.accent.primaryHover,
    bodyColor: PALETTE.surface.base,
    cardColor: PALETTE.surface.panel,
    popoverColor: PALETTE.surface.raised,
    fontFamily: FONT_FAMILY,
  },
  // Opaque, with an amber edge: a warning must read clearly over the map and the panels.
  Message: { color: PALETTE.accent.message, border: `1px solid ${PALETTE.accent.warningEdge}`, textColor: PALETTE.accent.messageText, boxShadow: '0 6px 18px rgba(0, 0, 0, 0.55)' },
};

const kebab = (s: string): string => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The palette as CSS custom properties: `--cc-<group>-<name>` (e.g. `--cc-surface-panel`). */
export function cssVariables(): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [group, entries] of Object.entries(PALETTE)) {
    for (const [name, value] of Object.entries(entries)) vars[`--cc-${kebab(group)}-${kebab(name)}`] = value;
  }
  return vars;
}

/** Sets the palette's CSS variables on an element (the document root), for components and teleported popups alike. */
export function applyTokens(el: HTMLElement): void {
  for (const [k, v] of Object.entries(cssVariables())) el.style.setProperty(k, v);
}
