import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../common/context';
import { Person } from '../people/people.entity';
import * as privacy from './privacy.service';

@Resolver()
export class PrivacyResolver {
  @Query(() => GraphQLJSONObject, {
    description:
      'Everything held about a person, as one JSON document (their right of access and to data portability). The person themself or an admin.',
  })
  async exportPersonData(
    @Arg('personId', () => ID, { description: 'The person’s ID.' }) personId: string,
    @Ctx() ctx: Context,
  ) {
    const data = await privacy.exportPersonData(ctx.em, ctx.access, personId);
    // A read, so not in the audit; who took a copy of someone's data still leaves a trace.
    ctx.logger.info({ subject: ctx.access.identity?.subject, personId }, 'personal data exported');
    return data;
  }

  @Mutation(() => Person, {
    description:
      'Erases a person’s personal data on request: name, contact details and bio become "tidligere medarbejder, <kommune>", the person leaves every search index, and their contributions stay so the knowledge is not lost. Cannot be undone. The person themself or an admin.',
  })
  erasePerson(
    @Arg('personId', () => ID, { description: 'The person to erase.' }) personId: string,
    @Ctx() ctx: Context,
  ) {
    return privacy.erasePerson(ctx.em, ctx.access, personId);
  }
}
