/**
 * British given names and their usual diminutives, pet forms and spelling variants. Each line is one family: any
 * two names on the same line count as "known nickname" agreement. A name may sit in several families (e.g. "alex"
 * is short for Alexander and Alexandra), so lookups return every family a name belongs to.
 *
 * Kept as plain data so a force can extend it without touching the matching code.
 */
export const nicknameFamilies: readonly string[] = [
  'abigail abbie abby abi gail',
  'albert al bert bertie alby',
  'alexander alex alec alistair alasdair sandy xander lex sasha',
  'alexandra alex alexa lexi sandra sandy sasha alexis',
  'alfred alf alfie fred freddie',
  'andrew andy drew',
  'angela angie',
  'ann anne anna annie nan nancy hannah',
  'anthony antony tony ant',
  'archibald archie',
  'arthur art artie',
  'barbara barb babs barbie',
  'benjamin ben benny benji',
  'bernard bernie barney',
  'bridget bridie biddy',
  'catherine katherine kathryn cathy kathy kate katie katy kat cat cate kay kitty',
  'caroline carol carrie carolyn',
  'charles charlie chas chuck chaz',
  'charlotte charlie lottie lotty',
  'christina christine chris chrissie tina kirsty kirsten',
  'christopher chris kit topher',
  'clifford cliff',
  'daniel dan danny',
  'danielle dani',
  'david dave davy davie',
  'deborah debra debbie deb',
  'dennis den denny',
  'dominic dom',
  'donald don donny',
  'dorothy dot dotty dolly',
  'douglas doug dougie',
  'edward ed eddie ted teddy ned',
  'edmund ed eddie ned',
  'eleanor elinor ellie nell nellie elle',
  'elizabeth elisabeth liz lizzie lizzy beth betty bet bess bessie eliza elsie libby lisa',
  'emily em emmy',
  'emma em emmy',
  'eugene gene',
  'frances fran frankie fanny',
  'francis frank frankie',
  'frederick fred freddie freddy',
  'gabriel gabe',
  'geoffrey jeffrey geoff jeff',
  'gerald gerry jerry ged',
  'gillian jillian gill jill',
  'gregory greg',
  'harold harry hal',
  'harriet hattie harry',
  'henry harry hal hank',
  'isabel isabelle isobel isabella izzy bella belle issy',
  'jacob jake jakey',
  'james jim jimmy jamie jimbo',
  'jane jenny janey',
  'janet jan jannet',
  'jennifer jenny jen jenna',
  'jessica jess jessie',
  'joanne joanna jo joan',
  'john jon jonathan jonny johnny jack jock',
  'jonathan jon jonny nathan',
  'joseph joe joey jos',
  'josephine jo josie',
  'joshua josh',
  'judith judy jude',
  'katherine kate kath katie',
  'kenneth ken kenny',
  'lawrence laurence larry laurie',
  'leonard len lenny leo',
  'lewis louis lou',
  'louisa louise lou lulu',
  'margaret maggie meg peggy marge madge maisie greta daisy rita',
  'matilda tilly tilda maud',
  'matthew matt matty',
  'michael mike mick mickey mikey mich',
  'nathaniel nathan nat',
  'nicholas nick nicky',
  'nicola nicole nikki nicky',
  'oliver ollie olly',
  'olivia liv livvy',
  'patricia pat patsy trish tricia',
  'patrick pat paddy',
  'peter pete',
  'philip phillip phil pip',
  'rebecca becky becca bex',
  'richard rich rick ricky dick dicky richie',
  'robert rob robbie bob bobby bert rab',
  'ronald ron ronnie',
  'samantha sam sammy',
  'samuel sam sammy',
  'sarah sara sally sadie',
  'stephen steven steve stevie',
  'stephanie steph',
  'stuart stewart stu',
  'susan suzanne sue susie suzy',
  'terence terrence terry tel',
  'theodore theo ted teddy',
  'thomas tom tommy',
  'timothy tim timmy',
  'victoria vicky vickie tori',
  'vincent vince vinny',
  'walter walt wally',
  'william will bill billy willie liam wills',
  'zachary zach zack',
]

const familiesByName: ReadonlyMap<string, readonly number[]> = (() => {
  const map = new Map<string, number[]>()
  nicknameFamilies.forEach((line, family) => {
    for (const name of line.split(' ')) {
      const list = map.get(name)
      if (list === undefined) map.set(name, [family])
      else if (!list.includes(family)) list.push(family)
    }
  })
  return map
})()

/** The nickname families a normalised given name belongs to (empty when it is in none). */
export function nicknameFamiliesOf(name: string): readonly number[] {
  return familiesByName.get(name) ?? []
}

export function knownNicknames(a: readonly number[], b: readonly number[]): boolean {
  for (const x of a) for (const y of b) if (x === y) return true
  return false
}
