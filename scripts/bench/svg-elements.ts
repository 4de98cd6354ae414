/** Small SVG builders shared by the report's parts. Coordinates are rounded to 0.1 px; text is escaped. */

/** A <text> element. */
export function text(options: {
  x: number;
  y: number;
  size: number;
  content: string;
  anchor?: 'start' | 'middle' | 'end';
  weight?: 'bold';
  fill?: string;
}): string {
  const weight = options.weight ? ` font-weight="${options.weight}"` : '';
  return `<text x="${round(options.x)}" y="${round(options.y)}" font-size="${options.size}" text-anchor="${options.anchor ?? 'start'}" fill="${options.fill ?? '#111827'}"${weight}>${escape(options.content)}</text>`;
}

/** A coordinate to one decimal: enough for a screen, and the SVG stays short. */
export function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Escapes text and attribute values for XML. */
export function escape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
