// The HTML 404: says what was not found and offers the way back (the API keeps its JSON 404s).
import { Layout } from './layout.js';

export function NotFoundPage({ what }: { what: string }) {
  return (
    <Layout title="Not found" section={null}>
      <h1>Not found</h1>
      <p>{what}</p>
      <form action="/" method="get" role="search" class="search">
        <label for="q" class="vh">Search signals</label>
        <input id="q" name="q" type="search" placeholder="Search signals" />
        <button type="submit" class="btn">Search</button>
      </form>
      <p><a href="/">Go to the stream</a></p>
    </Layout>
  );
}
