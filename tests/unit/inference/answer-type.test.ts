import { describe, expect, it } from 'vitest';
import {
  answerTypeMatch,
  expectedAnswer,
  expectedAnswerTypes,
} from '../../../packages/inference/src/answer-type.ts';

const match = (question: string, sentence: string) => answerTypeMatch(expectedAnswer(question), sentence);

describe('expectedAnswerTypes', () => {
  it('reads the kind of answer from the interrogative, in several languages', () => {
    expect(expectedAnswerTypes('How much do the tests cost?')).toEqual(['amount']);
    expect(expectedAnswerTypes('What percentage of my salary goes into the pension?')).toEqual(['amount']);
    expect(expectedAnswerTypes('When was the board meeting held?')).toEqual(['date']);
    expect(expectedAnswerTypes('In what year did the plant open?')).toEqual(['date']);
    expect(expectedAnswerTypes('To whom is the letter addressed?')).toEqual(['person']);
    expect(expectedAnswerTypes('Where is the library published online?')).toEqual(['place']);
    expect(expectedAnswerTypes('Combien coûte le test ?')).toEqual(['amount']);
    expect(expectedAnswerTypes('Wann beginnt die Behandlung?')).toEqual(['date']);
    expect(expectedAnswerTypes('2020년 확진자는 몇 명이었나요?')).toContain('amount');
    expect(expectedAnswerTypes('متى يبدأ العلاج؟')).toEqual(['date']);
    expect(expectedAnswerTypes('What does the guide say about diet?')).toEqual([]);
  });

  it('asks for a duration, not any amount, for "how long", "how many days" and "얼마 동안"', () => {
    expect(expectedAnswerTypes('How long is the warranty?')).toEqual(['duration']);
    expect(expectedAnswerTypes('How many days did the patient spend in hospital?')).toEqual(['duration']);
    expect(expectedAnswerTypes('How much notice must the tenant give?')).toEqual(['duration']);
    expect(expectedAnswerTypes('빅포인트는 얼마 동안 쓸 수 있나요?')).toEqual(['duration']);
  });

  it('does not read a date question into "when" inside a clause', () => {
    expect(expectedAnswerTypes('By how much can the rent go up when it is reviewed?')).toEqual(['amount']);
    expect(expectedAnswerTypes('What should I eat when my sugar drops too low?')).toEqual([]);
    expect(expectedAnswerTypes('If I move out, when is the deposit returned?')).toEqual(['date']);
  });
});

describe('answerTypeMatch', () => {
  it('finds amounts with a currency, unit or percent sign; other numbers count half', () => {
    expect(match('How much do the tests cost?', 'They cost between $2900 and $4500.')).toBe(1);
    expect(match('How much is the rent?', 'The rent is 48,000 pounds per year.')).toBe(1);
    expect(match('What share is charged?', 'The share is 11.5 percent.')).toBe(1);
    expect(match('How many staff are there?', 'There are 85 of them.')).toBe(0.5);
    expect(match('How much do the tests cost?', 'The tests are not covered by Medicare.')).toBe(0);
  });

  it('finds dates for "when" and durations for "how long", in several scripts', () => {
    expect(match('When was the meeting held?', 'The meeting was held on 14 March 2024.')).toBe(1);
    expect(match('When is it due?', 'Rent is due on Sundays between 01:00 and 05:00.')).toBe(1);
    expect(match('When is the deposit returned?', 'It is returned within thirty (30) days.')).toBe(0.5);
    expect(match('How long is the notice period?', 'Either party may give sixty (60) days’ notice.')).toBe(1);
    expect(match('빅포인트는 얼마 동안 쓸 수 있나요?', '빅포인트의 유효기간은 5년으로')).toBe(1);
    expect(match('How long does it last?', 'The room was painted blue.')).toBe(0);
  });

  it('does not take clause numbers, codes or numbers the question gives itself for the answer', () => {
    expect(match('How much is the deposit?', '4.2 The deposit is held in a separate account.')).toBe(0);
    expect(match('How much is the deposit?', 'See clause 12 for the deposit.')).toBe(0);
    expect(match('How many days did he stay?', 'Hospital number: RGH-448213.')).toBe(0);
    expect(match('What happens after six months?', 'For six months after the end, nothing changes.')).toBe(0);
    expect(match('How many jobs were created in 2022?', 'All figures are for the year 2022.')).toBe(0);
  });

  it('does not take a telephone number for an amount or a span', () => {
    expect(match('How much do the tests cost?', 'Call 13 11 20 to ask if you are eligible.')).toBe(0);
    expect(match('How much is the fee?', 'Phone 1800 305 150 or +61 2 9334 1900.')).toBe(0);
    expect(match('How long does it take?', 'Ring 555-123-4567 for the times.')).toBe(0);
    // Numbers with separators of thousands or decimals are still numbers.
    expect(match('How many jobs were created?', 'We created 2,32,822 new jobs.')).toBe(0.5);
    expect(match('What rate was measured?', 'Rates: 2.8163 1.5054 0.9476.')).toBe(0.5);
  });

  it('finds names for "who" and places for "where"', () => {
    expect(match('Who chaired the meeting?', 'The meeting was chaired by Dr Anand.')).toBe(1);
    expect(match('Who won the contract?', 'The board awarded it to Greystone Building Services.')).toBe(1);
    expect(match('Where is the library published?', 'It is at https://layout-parser.github.io today.')).toBe(
      1,
    );
    expect(match('Where does the duke get his wine?', 'He has it brought in from Val Chevin.')).toBe(1);
  });
});
