// One story's analysis by the operator's local model: the prompt and the answer's validation
// (src/analyze/llm-output.ts, pure) around the one network call (src/fetch/llm.ts).
import { askLocalModel, type ChatMessage, type LlmConfig } from '../fetch/llm.js';
import { buildLlmMessages, readLlmAnswer, type LlmAnalysis, type LlmInput } from '../analyze/llm-output.js';

/**
 * The whole round trip for one story. Never throws: on any failure it returns {error} so the
 * caller keeps the rule analysis. A parse or schema failure gets one retry that shows the model
 * its bad answer (small models usually fix it); network and HTTP errors don't, so a down or hung
 * server costs one timeout, not two.
 */
export async function analyzeWithLocalModel(cfg: LlmConfig, input: LlmInput): Promise<(LlmAnalysis & { model: string }) | { error: string }> {
  try {
    const messages: ChatMessage[] = buildLlmMessages(input);
    for (let attempt = 1; ; attempt++) {
      const answer = await askLocalModel(cfg, messages);
      try {
        return { ...readLlmAnswer(answer.content), model: answer.model };
      } catch (err) {
        if (attempt >= 2) throw err;
        messages.push(
          { role: 'assistant', content: answer.content.slice(0, 4000) },
          { role: 'user', content: `That answer could not be used (${errorText(err)}). Reply again with ONLY the JSON object, nothing else.` },
        );
      }
    }
  } catch (err) {
    return { error: errorText(err) };
  }
}


const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));
