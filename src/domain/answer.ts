/** An answer in the four STAR parts, as a user writes it in the "Answer it" form. */
export type StarAnswer = {
  readonly situation: string;
  readonly task: string;
  readonly action: string;
  readonly result: string;
};

/** The answer as plain text, one part a line. */
export function starAnswerText(answer: StarAnswer): string {
  return `Situation: ${answer.situation}\nTask: ${answer.task}\nAction: ${answer.action}\nResult: ${answer.result}`;
}
