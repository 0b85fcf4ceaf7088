"""Words that make up role titles: "Chinese Vice Foreign Minister", "Secretary of State".

Plain data for titles.py. Words are stored case-folded; titles.py decides where case
matters (a country must be capitalised: "US" is a country, "us" is not).
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Forms of address that stand directly before a name: "Mr Xi", "Dr. Tedros".
HONORIFICS = _words("mr mrs ms miss mx dr prof sir dame lord lady madam mme mlle messrs rev hon")

# The role noun a title is built around: "Minister" in "Vice Foreign Minister".
HEADS = _words("""
    president premier minister secretary secretary-general director director-general
    chancellor ambassador envoy spokesman spokeswoman spokesperson speaker senator sen
    rep representative congressman congresswoman lawmaker legislator governor gov mayor
    leader general gen admiral adm marshal colonel col major maj captain capt commander
    cmdr lieutenant lt sergeant sgt chairman chairwoman chair chairperson chief ceo
    executive administrator commissioner counselor counsellor councilor councillor adviser
    advisor diplomat official negotiator coordinator czar tsar attorney justice judge
    king queen emperor empress prince princess sultan emir sheikh sayyid pope cardinal archbishop
    bishop counterpart head founder co-founder billionaire tycoon businessman businesswoman
    economist analyst journalist reporter correspondent editor professor scholar
    dissident activist officer deputy undersecretary president-elect vice-president
    vice-premier under-secretary
""")
# Heads that name a person only when capitalised: "General Li", not "in general".
CAPITALISED_HEADS = _words("""
    general gen major maj captain capt justice chair king queen prince princess emperor
    empress pope cardinal lord marshal head chief executive deputy
""")
# Lower-case heads after which an untagged capitalised run is taken as a name
# ("spokesman Wang Wenbin", "top diplomat Wang Yi"); "official", "head" and "chief"
# are left out because "official Global Times" and "head Apple" are not people.
NAME_INTRO_LOWER_HEADS = _words("""
    president premier minister secretary spokesman spokeswoman spokesperson ambassador
    envoy diplomat counterpart adviser advisor director chancellor leader senator governor
    mayor commissioner negotiator
""")
# Nouns for people that are not offices: the word right before a name that vouches for
# it being a person's ("singer Youssou N'Dour", "Labour MP Karen Whitefield").
PERSON_NOUNS = _words("""
    mp mps msp mep am mla td peer peers candidate campaigner activist lawyer barrister
    solicitor doctor surgeon nurse scientist researcher teacher student pupil victim widow
    mother father son daughter wife husband brother sister singer star actor actress musician
    rapper guitarist drummer bassist songwriter composer conductor author novelist writer
    poet playwright artist painter photographer producer presenter broadcaster comedian
    director film-maker filmmaker designer chef model dancer player striker midfielder
    defender goalkeeper keeper coach manager boss captain champion athlete runner sprinter
    footballer cricketer golfer boxer jockey cyclist swimmer skier tennis-player entrepreneur
    investor banker trader founder owner chairman economist historian ally aide friend
    comic dj farmer magistrate constable olympian
""")
# Heads of state and government: one per country, so a coordinated one never inherits
# another person's country ("Chinese President Xi and Prime Minister Modi").
LEADER_HEADS = _words("""
    president premier chancellor king queen emperor empress prince princess sultan emir
    pope president-elect
""")
# Descriptions, not offices: they give an affiliation but are not kept as a role.
NON_ROLE_HEADS = _words("counterpart")

# Words before a head that grade it: "Vice", "Deputy", "top", "former".
RANKS = _words("""
    vice deputy assistant acting senior junior chief principal special under top former
    first executive permanent lead outgoing incoming interim majority minority prime
    crown grand supreme associate then late ex new current second third
""")
# Lower-case ranks that may stand before a capitalised head: "former President Trump".
LOWER_RANKS_BEFORE_CAPITALS = _words("former then late acting outgoing incoming top senior new current ex")
# Ranks that make a different office of the same head: "Vice Foreign Minister" is not
# "Foreign Minister".
SUBORDINATE_RANKS = _words("vice deputy assistant under associate junior")

# Portfolio words: "Foreign", "Defense", "Trade", "State" (of "Secretary of State").
DOMAINS = _words("""
    foreign defense defence commerce trade finance financial treasury state home interior
    economy economic energy health education transport transportation agriculture labor
    labour environment environmental climate industry security national homeland
    intelligence information culture cultural digital science technology affairs external
    development housing veterans military army navy naval air force marine armed forces
    joint staff party central federal public legal policy communications immigration
    internal international overseas unification planning commercial house senate
    congressional parliamentary presidential press media relations social welfare water
    resources land urban rural emergency management customs revenue budget investment
    monetary banking exchequer regional nuclear space cyber counterterrorism human rights
    humanitarian peace disarmament arms control strategic operations communist political
    propaganda discipline inspection global diplomatic consular protocol
""")
# Words that end the name of an organisation, a place or an event: "Foreign Ministry",
# "National Security Council", "King Charles Hotel", "Prime Minister's Questions".
# A capitalised run holding one of them is never a person's name.
ORG_HEADS = _words("""
    ministry department council office commission committee agency bureau service
    administration authority bank parliament assembly congress court government cabinet
    politburo embassy consulate mission command fleet corps league union association
    institute institution university college school center centre foundation group company
    corporation corp inc ltd llc plc holdings motors airlines airways times post daily
    journal news herald tribune gazette press review network television tv radio agency
    organization organisation forum alliance federation coalition board party secretariat
    guard police hotel hospital airport palace square street road avenue stadium building
    tower museum library station island memorial cathedral mosque prize award fund trust
    act doctrine initiative summit conference cup trophy questions
""")
# (Not "park", "hall", "church", "temple": surnames — "Foreign Minister Park Jin".)
# Places a complement may name: "for Asia", "for East Asian and Pacific Affairs".
REGIONS = _words("""
    asia asian pacific africa african europe european americas latin middle east eastern
    west western north northern south southern central oceania oceanian arctic atlantic
    indo-pacific asia-pacific eurasia eurasian near far hemisphere gulf caribbean balkans
    peninsula mediterranean baltic nordic sahel strait taiwan korean
""")
CONNECTORS = _words("of for to on")

# Countries, blocs and their capitals as title modifiers → the affiliation they give.
# "nouns;adjectives": a capital stands for its government ("Beijing's top diplomat").
_COUNTRY_FORMS: dict[str, str] = {
    "US": "US|U.S.|USA|U.S.A.|United States|America|Washington;American",
    "China": "China|PRC|Beijing;Chinese",
    "UK": "UK|U.K.|Britain|United Kingdom|London;British",
    "EU": "EU|E.U.|European Union|European Commission|Brussels;",
    "UN": "UN|U.N.|United Nations;",
    "NATO": "NATO|Nato;",
    "Japan": "Japan|Tokyo;Japanese",
    "Russia": "Russia|Moscow;Russian",
    "India": "India|New Delhi;Indian",
    "South Korea": "South Korea|Seoul;South Korean",
    "North Korea": "North Korea|Pyongyang|DPRK;North Korean",
    "Taiwan": "Taiwan|Taipei;Taiwanese",
    "Ukraine": "Ukraine|Kyiv|Kiev;Ukrainian",
    "Germany": "Germany|Berlin;German",
    "France": "France|Paris;French",
    "Italy": "Italy|Rome;Italian",
    "Spain": "Spain|Madrid;Spanish",
    "Canada": "Canada|Ottawa;Canadian",
    "Australia": "Australia|Canberra;Australian",
    "New Zealand": "New Zealand|Wellington;",
    "Israel": "Israel;Israeli",
    "Iran": "Iran|Tehran;Iranian",
    "Saudi Arabia": "Saudi Arabia|Riyadh;Saudi",
    "Turkey": "Turkey|Türkiye|Ankara;Turkish",
    "Brazil": "Brazil|Brasilia;Brazilian",
    "Mexico": "Mexico;Mexican",
    "Pakistan": "Pakistan|Islamabad;Pakistani",
    "Indonesia": "Indonesia|Jakarta;Indonesian",
    "Philippines": "Philippines|Manila;Philippine|Filipino",
    "Vietnam": "Vietnam|Hanoi;Vietnamese",
    "Singapore": "Singapore;Singaporean",
    "Malaysia": "Malaysia;Malaysian",
    "Thailand": "Thailand|Bangkok;Thai",
    "Egypt": "Egypt|Cairo;Egyptian",
    "South Africa": "South Africa|Pretoria;South African",
    "Nigeria": "Nigeria;Nigerian",
    "Poland": "Poland|Warsaw;Polish",
    "Netherlands": "Netherlands;Dutch",
    "Sweden": "Sweden;Swedish",
    "Norway": "Norway;Norwegian",
    "Finland": "Finland;Finnish",
    "Denmark": "Denmark;Danish",
    "Belgium": "Belgium;Belgian",
    "Switzerland": "Switzerland;Swiss",
    "Austria": "Austria|Vienna;Austrian",
    "Greece": "Greece|Athens;Greek",
    "Ireland": "Ireland|Dublin;Irish",
    "Argentina": "Argentina;Argentine|Argentinian",
    "Qatar": "Qatar|Doha;Qatari",
    "UAE": "UAE|United Arab Emirates;Emirati",
    "Iraq": "Iraq|Baghdad;Iraqi",
    "Syria": "Syria|Damascus;Syrian",
    "Afghanistan": "Afghanistan|Kabul;Afghan",
    "Bangladesh": "Bangladesh|Dhaka;Bangladeshi",
    "Myanmar": "Myanmar;Burmese",
    "Cambodia": "Cambodia;Cambodian",
    "Mongolia": "Mongolia;Mongolian",
    "Kazakhstan": "Kazakhstan;Kazakh",
    "Belarus": "Belarus|Minsk;Belarusian",
    "Hong Kong": "Hong Kong;",
    "Cuba": "Cuba|Havana;Cuban",
    "Venezuela": "Venezuela;Venezuelan",
    "Colombia": "Colombia;Colombian",
    "Chile": "Chile;Chilean",
    "Peru": "Peru;Peruvian",
    "Ethiopia": "Ethiopia;Ethiopian",
    "Kenya": "Kenya|Nairobi;Kenyan",
    "Palestine": "Palestine;Palestinian",
    "Lebanon": "Lebanon;Lebanese",
    "Jordan": ";Jordanian",
    "WHO": "WHO;",
    "WTO": "WTO;",
    "IMF": "IMF;",
    "World Bank": "World Bank;",
    "ASEAN": "ASEAN|Asean;",
    "African Union": "African Union;",
    "IAEA": "IAEA;",
}
COUNTRY_FORMS: dict[str, str] = {}
ADJECTIVE_FORMS: set[str] = set()  # "Chinese": a NORP where China is a GPE
for _country, _forms in _COUNTRY_FORMS.items():
    _nouns, _adjectives = _forms.split(";")
    for _form in filter(None, _nouns.split("|")):
        COUNTRY_FORMS[_form] = _country
    for _form in filter(None, _adjectives.split("|")):
        COUNTRY_FORMS[_form] = _country
        ADJECTIVE_FORMS.add(_form)

# Government bodies that tell whose official someone is (brief: these are US).
ORG_AFFILIATIONS: dict[str, str] = {
    "State Department": "US", "Department of State": "US", "Pentagon": "US",
    "White House": "US", "National Security Council": "US", "NSC": "US", "CIA": "US",
    "FBI": "US", "NSA": "US", "Treasury": "US", "Treasury Department": "US",
    "Defense Department": "US", "Department of Defense": "US", "Commerce Department": "US",
    "Department of Commerce": "US", "Justice Department": "US", "USTR": "US",
    "Downing Street": "UK", "Foreign Office": "UK", "Whitehall": "UK",
    "Politburo": "China", "Zhongnanhai": "China", "Chinese Communist Party": "China",
    "Communist Party of China": "China", "CCP": "China", "PLA": "China",
    "People's Liberation Army": "China", "Bundestag": "Germany", "Duma": "Russia",
    "Kremlin": "Russia", "Élysée": "France", "Elysee": "France", "Blue House": "South Korea",
}

# Capitalised words that never belong to a name: sentence openers, days, months.
NOT_NAME_WORDS = _words("""
    the a an and or but if in on at to of for from by with as is was were be been has
    have had will would could should may might can this that these those there here
    their our my your it we they i you said says also after before
    when while where which who whom what why how meanwhile however although though
    monday tuesday wednesday thursday friday saturday sunday january february march
    april june july august september october november december today yesterday tomorrow
    last next earlier later then both all some many most more other another each every
    no not yes mr mrs ms dr
""")
# Pronouns and function words that may also be surnames ("He Lifeng"): such a word is a
# name only after a title ("Vice Premier He") or inside a full name.
PRONOUN_LIKE = _words("he she it we i you they him her his hers its us me my our your "
                      "so no do an as at by in is of on or to up")
# Short surnames that are also common English or romanisation fragments: never added
# as a bare mention without a title, even when a person with that surname is known.
SHORT_AMBIGUOUS_SURNAMES = _words("he ma li sun wu hu xu yu lu ye")
# Reporting verbs: sentence-initial "Price said" is a name, "Price rises" is not.
REPORTING_VERBS = _words("""
    said says told added noted stressed warned urged asked replied argued insisted
    announced declared wrote tweeted posted called explained acknowledged confirmed denied
    met meets visited will would has had was is
""")
