// How the predictions fared: counts, the Brier score, and a calibration chart drawn as inline
// SVG (no script, no image request), with the same numbers as a table beside it.
import type { Calibration, Record as Score } from '../../src/analyze/track-record.js';
import { Layout } from './layout.js';
import { pct } from './format.js';

export interface TrackRecordProps {
  overall: Score;
  playbooks: (Score & { playbook: string })[];
  /** The playbook the chart shows, or null for all predictions. */
  selected: string | null;
}

const W = 380, H = 330, L = 70, R = 26, T = 16, B = 48;
const px = (x: number) => L + x * (W - L - R);
const py = (y: number) => H - B - y * (H - T - B);
const ticks = [0, 0.2, 0.4, 0.6, 0.8, 1];

export function CalibrationChart({ points, label }: { points: Calibration[]; label: string }) {
  const line = points.map((p) => `${px(p.predicted).toFixed(1)},${py(p.observed).toFixed(1)}`).join(' ');
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="cal-t cal-d">
      <title id="cal-t">Calibration: {label}</title>
      <desc id="cal-d">
        Predicted probability against how often the prediction came true, per probability band.
        {points.map((p) => ` ${p.bucket}: predicted ${pct(p.predicted)}, observed ${pct(p.observed)}, ${p.n} predictions.`).join('')}
      </desc>
      {ticks.map((t) => (
        <g>
          <line class="grid" x1={px(0)} x2={px(1)} y1={py(t)} y2={py(t)} />
          <line class="grid" x1={px(t)} x2={px(t)} y1={py(0)} y2={py(1)} />
          <text class="tick" x={L - 8} y={py(t) + 4} text-anchor="end">{pct(t)}</text>
          <text class="tick" x={px(t)} y={H - B + 18} text-anchor="middle">{pct(t)}</text>
        </g>
      ))}
      <line class="diag" x1={px(0)} y1={py(0)} x2={px(1)} y2={py(1)} />
      <text class="diag-label" x={px(0.62)} y={py(0.62) - 8} transform={`rotate(-${(Math.atan((H - T - B) / (W - L - R)) * 180 / Math.PI).toFixed(1)} ${px(0.62)} ${py(0.62) - 8})`}>perfectly calibrated</text>
      <text class="axis-label" x={px(0.5)} y={H - 8} text-anchor="middle">predicted probability</text>
      <text class="axis-label" x={14} y={py(0.5)} text-anchor="middle" transform={`rotate(-90 14 ${py(0.5)})`}>came true</text>
      {points.length > 1 ? <polyline class="line" points={line} /> : null}
      {points.map((p) => (
        <g>
          <circle class="pt" cx={px(p.predicted)} cy={py(p.observed)} r={Math.min(14, 4 + Math.sqrt(p.n))}>
            <title>{`${p.bucket}: predicted ${pct(p.predicted)}, came true ${pct(p.observed)} of ${p.n}`}</title>
          </circle>
          <text class="n" x={px(p.predicted)} y={py(p.observed) - Math.min(14, 4 + Math.sqrt(p.n)) - 4} text-anchor="middle">{p.n}</text>
        </g>
      ))}
    </svg>
  );
}

const brier = (b: number | null) => (b === null ? '—' : b.toFixed(3));

export function TrackRecordPage({ overall, playbooks, selected }: TrackRecordProps) {
  const shown = selected ? playbooks.find((p) => p.playbook === selected) ?? overall : overall;
  const label = selected ? `playbook ${selected}` : 'all predictions';
  return (
    <Layout title="Track record" section="track-record">
      <h1>Track record</h1>
      <p class="intro">Every prediction is checked: confirmed only by a later signal about its own subject (the entity, state and kind of measure it names), expired when its horizon passes while the subject was covered, void when nothing about the subject was covered or the prediction is imported history. Only confirmed and expired predictions are scored. The Brier score is the mean squared gap between the probability given and what happened: 0 is perfect, and always saying 50 % scores 0.25.</p>
      {overall.warning ? <p class="notice warn" role="note">{overall.warning}</p> : null}
      <dl class="stats">
        <div><dt>Predictions made</dt><dd>{overall.made}</dd></div>
        <div><dt>Open</dt><dd>{overall.open}</dd></div>
        <div><dt>Confirmed</dt><dd>{overall.confirmed}</dd></div>
        <div><dt>Expired</dt><dd>{overall.expired}</dd></div>
        <div><dt>Void</dt><dd>{overall.void}</dd></div>
        <div><dt>Brier score</dt><dd>{brier(overall.brier)}</dd></div>
      </dl>
      <div class="two even">
        <section aria-labelledby="cal">
          <h2 id="cal">Calibration: {label}</h2>
          {shown.calibration.length ? (
            <>
              <CalibrationChart points={shown.calibration} label={label} />
              <p class="muted">Points under the diagonal: things happened less often than predicted. Dot size and label: number of resolved predictions.</p>
              <div class="table-wrap"><table class="compact">
                <caption class="vh">Calibration of {label} by probability band</caption>
                <thead><tr><th scope="col">Band</th><th scope="col">Predicted</th><th scope="col">Came true</th><th scope="col">Resolved</th></tr></thead>
                <tbody>{shown.calibration.map((c) => <tr><th scope="row">{c.bucket}</th><td>{pct(c.predicted)}</td><td>{pct(c.observed)}</td><td>{c.n}</td></tr>)}</tbody>
              </table></div>
            </>
          ) : <p class="muted">No prediction has been resolved yet.</p>}
          {selected ? <p><a href="/track-record">Show all predictions</a></p> : null}
        </section>
        <section aria-labelledby="pb">
          <h2 id="pb">By playbook</h2>
          <div class="table-wrap">
            <table class="compact">
              <caption class="vh">Predictions and Brier score per playbook</caption>
              <thead><tr><th scope="col">Playbook</th><th scope="col">Made</th><th scope="col">Confirmed</th><th scope="col">Expired</th><th scope="col">Void</th><th scope="col">Brier</th></tr></thead>
              <tbody>
                {playbooks.map((p) => (
                  <tr class={p.playbook === selected ? 'sel' : undefined}>
                    <th scope="row"><a href={`/track-record?playbook=${encodeURIComponent(p.playbook)}`} aria-current={p.playbook === selected ? 'true' : undefined}>{p.playbook}</a></th>
                    <td>{p.made}</td><td>{p.confirmed}</td><td>{p.expired}</td><td>{p.void}</td><td>{p.warning ? <span title={p.warning}>{brier(p.brier)} (few)</span> : brier(p.brier)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      </div>
    </Layout>
  );
}
