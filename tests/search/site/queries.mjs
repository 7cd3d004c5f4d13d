// Realistic queries on the bundled site (content/), each with the pages that answer it. Written
// from the pages before the queries were run, the way readers type: exact words, inflected
// forms, without å/ä/ö, compounds joined and split, typos, several words, English, filters.
// A query is [language, query, expected pages (any of them answers it), filters?]; the first
// expected page found gives the query its reciprocal rank.

export const QUERIES = [
  // Exact words of the pages.
  ['sv', 'brobyggare', ['/metoder/brobyggare/']],
  ['sv', 'kollegial granskning', ['/metoder/kollegial-granskning/']],
  ['sv', 'romani chib', ['/metoder/romani-chib/']],
  ['sv', 'hälsoinspiratörer', ['/metoder/romska-halsoinspiratorer/']],
  ['sv', 'Romano center i Väst', ['/metoder/romano-center-i-vast/']],
  ['sv', 'tillgänglighetsredogörelse', ['/om-webbplatsen/tillganglighet/']],
  ['sv', 'delrapport', ['/rapporter/delrapport-ii-2014/']],
  ['sv', 'Katitzi', ['/metoder/kunskap-om-romsk-historia/']],
  ['sv', 'vitbok', ['/minnesanteckningar/natverksmoten-2013-2014/']],
  ['sv', 'Göteborg', ['/kommun/goteborg/']],
  // Inflected forms.
  ['sv', 'brobyggarnas arbete', ['/metoder/brobyggare/']],
  ['sv', 'pilotkommunerna', ['/erfarenheter/pilotkommuner-2012-2015/']],
  ['sv', 'samrådet i linköping', ['/metoder/samrad-med-romska-minoriteten/']],
  ['sv', 'utvecklingskommun', ['/erfarenheter/utvecklingskommuner-2016-2020/']],
  ['sv', 'riktlinjerna i borås', ['/riktlinjer/brobyggarteamet-i-boras/', '/metoder/enskilt-stod-boras/']],
  ['sv', 'antiziganism', ['/metoder/kunskap-om-romsk-historia/']],
  ['sv', 'Länsstyrelsens uppdrag', ['/om-natverket/lansstyrelsens-uppdrag/']],
  // Without å, ä and ö.
  ['sv', 'halsoinspiratorer', ['/metoder/romska-halsoinspiratorer/']],
  ['sv', 'rattighetsbaserat arbetssatt', ['/metoder/rattighetsbaserat-arbetssatt/']],
  ['sv', 'lansstyrelsen stockholm uppdrag', ['/om-natverket/lansstyrelsens-uppdrag/']],
  ['sv', 'modersmal', ['/metoder/romani-chib/']],
  ['sv', 'samrad romska minoriteten', ['/metoder/samrad-med-romska-minoriteten/']],
  ['sv', 'natverkets historia', ['/om-natverket/historia/']],
  // Compounds: joined where the pages split them, split where the pages join them.
  ['sv', 'skolbrobyggare', ['/metoder/brobyggare/']],
  ['sv', 'inkluderingsarbete', ['/strategin/', '/', '/artiklar/avslutad-utvecklingsverksamhet/', '/om-natverket/lansstyrelsens-uppdrag/', '/metoder/rattighetsbaserat-arbetssatt/']],
  ['sv', 'språkrevitalisering', ['/metoder/romani-chib/', '/metoder/appen-ung-och-rom/']],
  ['sv', 'modersmål undervisning', ['/metoder/romani-chib/']],
  ['sv', 'utbildning brobyggare', ['/metoder/brobyggare/']],
  ['sv', 'team brobyggare borås', ['/metoder/enskilt-stod-boras/', '/riktlinjer/brobyggarteamet-i-boras/']],
  ['sv', 'romskt ungdomsförbund', ['/metoder/romska-halsoinspiratorer/', '/metoder/appen-ung-och-rom/']],
  ['sv', 'minoritetsspråk', ['/metoder/romani-chib/']],
  // Typos.
  ['sv', 'brobygare', ['/metoder/brobyggare/']],
  ['sv', 'kolegial granskning', ['/metoder/kollegial-granskning/']],
  ['sv', 'hälsoinspiratörrer', ['/metoder/romska-halsoinspiratorer/']],
  ['sv', 'brobygare borås', ['/metoder/enskilt-stod-boras/', '/riktlinjer/brobyggarteamet-i-boras/', '/metoder/brobyggare/']],
  ['sv', 'tillgänglihet', ['/om-webbplatsen/tillganglighet/']],
  ['sv', 'linköpnig samråd', ['/metoder/samrad-med-romska-minoriteten/']],
  // Several words, as questions are typed.
  ['sv', 'vilka kommuner är med i nätverket', ['/om-natverket/medlemmar/']],
  ['sv', 'hur arbetar nätverket', ['/om-natverket/sa-arbetar-natverket/']],
  ['sv', 'vad kostar det att vara med i nätverket', ['/om-natverket/sa-arbetar-natverket/', '/rapporter/uppsala-ksn-2012-0927/']],
  ['sv', 'kontakt länsstyrelsen', ['/om-webbplatsen/kontakt/']],
  ['sv', 'pilotkommuner 2012', ['/erfarenheter/pilotkommuner-2012-2015/']],
  ['sv', 'kommuner som fick statsbidrag', ['/erfarenheter/utvecklingskommuner-2016-2020/']],
  ['sv', 'romer i finland', ['/minnesanteckningar/2018-05-16-erfarenhetsdag/']],
  ['sv', 'spindeln i nätet', ['/om-natverket/lansstyrelsens-uppdrag/']],
  ['sv', 'mälardalen 2009', ['/om-natverket/historia/']],
  ['sv', 'teater om romers historia', ['/metoder/kunskap-om-romsk-historia/']],
  ['sv', 'Södertälje samordning', ['/om-natverket/historia/', '/minnesanteckningar/natverksmoten-2013-2014/', '/kommun/sodertalje/']],
  // English.
  ['en', 'network history', ['/en/om-natverket/historia/']],
  ['en', 'strategy for Roma inclusion', ['/en/strategin/']],
  ['en', 'experience day 2018', ['/en/minnesanteckningar/2018-05-16-erfarenhetsdag/']],
  ['en', 'health inspirers', ['/en/minnesanteckningar/2018-05-16-erfarenhetsdag/']],
  ['en', 'bridge builders Borås', ['/en/minnesanteckningar/2018-05-16-erfarenhetsdag/']],
  ['en', 'minutes', ['/en/minnesanteckningar/']],
  // With filters.
  ['sv', 'samråd', ['/metoder/samrad-med-romska-minoriteten/'], { typ: ['Metod'] }],
  ['sv', 'brobyggare', ['/metoder/enskilt-stod-boras/', '/metoder/brobyggare/'], { kommun: ['Borås'] }],
  ['sv', 'uppföljning', ['/erfarenheter/utvecklingskommuner-2016-2020/', '/erfarenheter/pilotkommuner-2012-2015/'], { typ: ['Erfarenhet'] }],
  ['sv', 'hälsa', ['/metoder/romska-halsoinspiratorer/'], { omrade: ['Hälsa'] }],
  // Added later, written from the pages before they were run: compounds with a linking vowel
  // or s (kvinna → kvinno-, hälsa → hälso-, modersmål-s-), a typo, English, a filter.
  ['sv', 'kvinnohälsa', ['/metoder/romska-halsoinspiratorer/', '/minnesanteckningar/2018-05-16-erfarenhetsdag/']],
  ['sv', 'hälsoutbildning', ['/metoder/romska-halsoinspiratorer/']],
  ['sv', 'hälsoarbete i gävle', ['/metoder/romska-halsoinspiratorer/']],
  ['sv', 'modersmålslärare', ['/metoder/romani-chib/']],
  ['sv', 'skolundervisning i romani', ['/metoder/romani-chib/']],
  ['sv', 'kvinnofrågor', ['/metoder/romska-halsoinspiratorer/', '/minnesanteckningar/2018-05-16-erfarenhetsdag/', '/metoder/rattighetsbaserat-arbetssatt/', '/strategin/']],
  ['sv', 'kunskap om romsk histora', ['/metoder/kunskap-om-romsk-historia/']],
  ['sv', 'cookies', ['/om-webbplatsen/kakor-och-personuppgifter/']],
  ['sv', 'app for unga romer', ['/metoder/appen-ung-och-rom/']],
  ['en', 'who are the members', ['/en/om-natverket/']],
  ['sv', 'romsk historia', ['/metoder/kunskap-om-romsk-historia/'], { omrade: ['Utbildning'] }],
];
