// What each metric's map last drew: every district's label tone (the text
// colour that reads on the district's fill) and the labels' precision. A map
// label patched between two redraws keeps the tone drawn with its district's
// fill: the fill takes a value's new bin only with the map's redraw (1–2 s
// later), and a label that took it at once would be dark on dark, or light on
// light, until then. It also spares the patch its metric's scale (the 25
// districts read and binned on every value). One per display.
export type LabelTone = 'dk' | 'lt';

export interface DrawnMap {
  /** Per district code, the tone its label was drawn with (districts drawn without a value are absent). */
  tones: ReadonlyMap<string, LabelTone>;
  decimals: number;
}

/** Metrics remembered at once (a wall shows a handful; the oldest drawn is forgotten first). */
export const DRAWN_MAX_METRICS = 64;

export class DrawnMaps {
  private readonly byMetric = new Map<string, DrawnMap>();

  /** A map of `metric` was just drawn with these tones and this precision. */
  record(metric: string, drawn: DrawnMap): void {
    this.byMetric.delete(metric);
    if (this.byMetric.size >= DRAWN_MAX_METRICS) this.byMetric.delete(this.byMetric.keys().next().value!);
    this.byMetric.set(metric, drawn);
  }

  /** The last drawing of `metric`'s map, if any. */
  get(metric: string): DrawnMap | undefined {
    return this.byMetric.get(metric);
  }

  get size(): number { return this.byMetric.size; }
}
