// The subscribe form: email, cadence, the digest's filters and its hour. It works as a plain
// form posted to /subscribe; app.js posts the same fields to the API without a reload.
import { eventTypes } from '../../src/domain/types.js';
import { Layout } from './layout.js';
import { ErrorSummary, type FieldError } from './components.js';
import { typeLabels } from './format.js';

export interface SubscribeValues {
  email: string; cadence: string; q: string; entities: string; types: string[]; regions: string; send_hour: string; timezone: string;
}

export const emptySubscription: SubscribeValues = { email: '', cadence: 'daily', q: '', entities: '', types: [], regions: '', send_hour: '7', timezone: 'UTC' };

export type SubscribeState =
  | { kind: 'form'; values: SubscribeValues; errors: FieldError[] }
  | { kind: 'sent'; email: string }
  | { kind: 'unavailable'; values: SubscribeValues; message: string };

function Hint({ id, text, errors }: { id: string; text?: string; errors: FieldError[] }) {
  const err = errors.find((e) => e.field === id);
  return (
    <>
      {text ? <p class="hint" id={`${id}-hint`}>{text}</p> : null}
      {err ? <p class="field-error" id={`${id}-error`}>{err.message}</p> : null}
    </>
  );
}

/** aria-describedby and aria-invalid for a field, so a screen reader hears the hint and the error. */
function described(id: string, errors: FieldError[], hint = true) {
  const bad = errors.some((e) => e.field === id);
  const ids = [hint ? `${id}-hint` : '', bad ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { 'aria-describedby': ids || undefined, 'aria-invalid': bad ? 'true' : undefined };
}

function Form({ values: v, errors, notice }: { values: SubscribeValues; errors: FieldError[]; notice?: string }) {
  return (
    <form method="post" action="/subscribe" id="subscribe" class="subscribe" novalidate>
      <ErrorSummary errors={errors} />
      {notice ? <div class="errors" role="alert" id="error-summary" tabindex={-1}><h2>Not sent</h2><p>{notice}</p></div> : null}
      <div id="js-status" role="status" aria-live="polite"></div>
      <div class="field">
        <label for="email">Email address</label>
        <input id="email" name="email" type="email" autocomplete="email" required value={v.email} {...described('email', errors, false)} />
        <Hint id="email" errors={errors} />
      </div>
      <fieldset class="field" {...described('cadence', errors, false)}>
        <legend>How often</legend>
        <label class="inline"><input type="radio" name="cadence" value="daily" id="cadence" checked={v.cadence !== 'weekly'} /> Daily</label>
        <label class="inline"><input type="radio" name="cadence" value="weekly" checked={v.cadence === 'weekly'} /> Weekly</label>
        <Hint id="cadence" errors={errors} />
      </fieldset>
      <fieldset class="field">
        <legend>What to include</legend>
        <p class="hint">Leave everything empty to get every signal.</p>
        <div class="field">
          <label for="s-q">Words</label>
          <input id="s-q" name="q" type="text" value={v.q} {...described('s-q', errors)} />
          <Hint id="s-q" text='The stream’s search language: words, "phrases", -not, source:id.' errors={errors} />
        </div>
        <div class="field">
          <label for="entities">Entities</label>
          <input id="entities" name="entities" type="text" value={v.entities} {...described('entities', errors)} />
          <Hint id="entities" text="Names or slugs, separated by commas: e.g. TikTok, nvidia." errors={errors} />
        </div>
        <fieldset class="field types" {...described('types', errors, false)}>
          <legend>Event types <span class="muted">(none ticked: all)</span></legend>
          <div class="checks">
            {eventTypes.map((t, i) => (
              <label class="inline"><input type="checkbox" name="types" value={t} id={i === 0 ? 'types' : undefined} checked={v.types.includes(t)} /> {typeLabels[t]}</label>
            ))}
          </div>
          <Hint id="types" errors={errors} />
        </fieldset>
        <div class="field">
          <label for="regions">Regions</label>
          <input id="regions" name="regions" type="text" value={v.regions} autocapitalize="characters" {...described('regions', errors)} />
          <Hint id="regions" text="Two-letter country codes or EU, separated by commas: e.g. US, CN, EU." errors={errors} />
        </div>
      </fieldset>
      <fieldset class="field when">
        <legend>When</legend>
        <div class="field">
          <label for="send_hour">Hour</label>
          <select id="send_hour" name="send_hour" {...described('send_hour', errors, false)}>
            {Array.from({ length: 24 }, (_, h) => <option value={String(h)} selected={v.send_hour === String(h)}>{`${String(h).padStart(2, '0')}:00`}</option>)}
          </select>
          <Hint id="send_hour" errors={errors} />
        </div>
        <div class="field">
          <label for="timezone">Time zone</label>
          <input id="timezone" name="timezone" type="text" value={v.timezone} autocomplete="off" {...described('timezone', errors)} />
          <Hint id="timezone" text="An IANA name such as Europe/Paris or America/New_York." errors={errors} />
        </div>
      </fieldset>
      <button type="submit" class="btn primary">Subscribe</button>
      <p class="muted">We send one email to confirm the address; nothing is sent until you follow its link. Every digest has a one-click unsubscribe.</p>
    </form>
  );
}

export function SubscribePage({ state }: { state: SubscribeState }) {
  const title = state.kind === 'sent' ? 'Check your inbox' : 'Subscribe to a digest';
  return (
    <Layout title={title} section="subscribe">
      <h1>{title}</h1>
      {state.kind === 'sent' ? (
        <div class="done" role="status">
          <p>A confirmation email is on its way to <strong>{state.email}</strong>.</p>
          <p>Follow its link to start your digest. If it does not arrive within a few minutes, look in your spam folder.</p>
          <p><a href="/">Back to the stream</a></p>
        </div>
      ) : (
        <>
          <p class="intro">A morning email with the signals that match your filters, from the same stream and with the same predictions.</p>
          <Form values={state.values} errors={state.kind === 'form' ? state.errors : []} notice={state.kind === 'unavailable' ? state.message : undefined} />
        </>
      )}
    </Layout>
  );
}
