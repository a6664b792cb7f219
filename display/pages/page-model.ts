import type { PanelDef } from '../fragments/types.js';

/** A page as built for one render: its title, layout and panels. */
export interface PageModel {
  title: string;
  /** CSS layout class of <main>. */
  layout: string;
  panels: PanelDef[];
  /** Sub-pages this view splits into on the wall (≥ 1). */
  subCount: number;
}
