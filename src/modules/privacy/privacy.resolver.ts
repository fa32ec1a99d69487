import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../common/context';
import * as privacy from './privacy.service';
import { PersonErasure } from './privacy.types';

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

  @Mutation(() => PersonErasure, {
    description:
      'Erases a person’s personal data on request: the name becomes "tidligere medarbejder, <kommune>"; title (their employments’ too), contact details, bio, external id and languages are cleared; their name, e-mail and phone are replaced by the pseudonym in every text the network holds, the audit included (`notReplaced` lists any place where that failed); the person leaves every search index, and imports will not create them again. Their contributions stay so the knowledge is not lost. Cannot be undone. The person themself or an admin.',
  })
  async erasePerson(
    @Arg('personId', () => ID, { description: 'The person to erase.' }) personId: string,
    @Ctx() ctx: Context,
  ): Promise<PersonErasure> {
    const erasure = await privacy.erasePerson(ctx.em, ctx.access, personId);
    if (erasure.notReplaced.length > 0) {
      ctx.logger.warn({ notReplaced: erasure.notReplaced }, 'erasure left personal data in place');
    }
    return erasure;
  }
}
