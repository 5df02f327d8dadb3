/**
 * Names and companies in many scripts, each with a Latin handle for the e-mail address, so that search,
 * sorting and exports are exercised on accents, CJK, RTL and emoji the way real leads are.
 */

export interface Locale {
  readonly country: string;
  readonly phonePrefix: string;
  /** `native` or `native:latin` when the native form is not in Latin script. */
  readonly firstNames: readonly string[];
  readonly lastNames: readonly string[];
  readonly companies: readonly string[];
  readonly weight: number;
}

export const LOCALES: readonly Locale[] = [
  {
    country: 'US', phonePrefix: '1', weight: 30,
    firstNames: ['James', 'Mary', 'Robert', 'Patricia', 'Michael', 'Jennifer', 'David', 'Linda', 'Chris', 'Ashley'],
    lastNames: ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', "O'Brien", 'Davis', 'Wilson'],
    companies: ['Contoso Ltd', 'Fabrikam, Inc.', 'Northwind Traders', 'Tailspin Toys', 'Adventure Works', 'Litware "Labs"'],
  },
  {
    country: 'GB', phonePrefix: '44', weight: 6,
    firstNames: ['Oliver', 'Amelia', 'Harry', 'Isla', 'George', 'Ava'],
    lastNames: ['Taylor', 'Evans', 'Thomas', 'Roberts', 'Walker', 'Wright'],
    companies: ['Wingtip Toys plc', 'Coho Winery', 'Margie\'s Travel', 'Blue Yonder Airlines'],
  },
  {
    country: 'DE', phonePrefix: '49', weight: 7,
    firstNames: ['Jürgen', 'Günter', 'Małgorzata', 'Lukas', 'Sophie', 'Jörg'],
    lastNames: ['Müller', 'Schröder', 'Weiß', 'Groß', 'Köhler', 'Schmidt'],
    companies: ['Büro Schäfer GmbH', 'Fahrzeugbau Süd AG', 'Grüne Energie eG', 'Köln Daten GmbH'],
  },
  {
    country: 'FR', phonePrefix: '33', weight: 5,
    firstNames: ['Zoë', 'Hélène', 'François', 'Anaïs', 'Jérôme', 'Maëlle'],
    lastNames: ['Lefèvre', 'Dubois', 'Leclerc', 'Bérenger', 'Moreau', 'Gaël'],
    companies: ['Société Générale Numérique', 'Éditions Légères', 'Crédit Côte d\'Azur', 'Données & Cie'],
  },
  {
    country: 'ES', phonePrefix: '34', weight: 4,
    firstNames: ['José', 'María', 'Ángel', 'Begoña', 'Iñigo', 'Lucía'],
    lastNames: ['García', 'Núñez', 'Ibáñez', 'Peña', 'Martínez', 'Muñoz'],
    companies: ['Telecomunicaciones Peña S.A.', 'Logística Ibérica', 'Año Nuevo Software'],
  },
  {
    country: 'BR', phonePrefix: '55', weight: 4,
    firstNames: ['João', 'Conceição', 'Luís', 'Ana', 'Sebastião', 'Letícia'],
    lastNames: ['Gonçalves', 'Araújo', 'Conceição', 'Souza', 'Magalhães', 'Simões'],
    companies: ['Soluções Ágeis Ltda', 'Coração Digital', 'Informática São Paulo'],
  },
  {
    country: 'RU', phonePrefix: '7', weight: 2,
    firstNames: ['Дмитрий:dmitry', 'Анна:anna', 'Сергей:sergey', 'Ольга:olga'],
    lastNames: ['Иванов:ivanov', 'Смирнова:smirnova', 'Кузнецов:kuznetsov', 'Попова:popova'],
    companies: ['ООО «Северный Код»', 'Сибирские Облака', 'АО Технопарк'],
  },
  {
    country: 'GR', phonePrefix: '30', weight: 1,
    firstNames: ['Γιώργος:giorgos', 'Μαρία:maria', 'Νίκος:nikos'],
    lastNames: ['Παπαδόπουλος:papadopoulos', 'Οικονόμου:oikonomou', 'Γεωργίου:georgiou'],
    companies: ['Ελληνικά Δεδομένα Α.Ε.', 'Αιγαίο Cloud'],
  },
  {
    country: 'CN', phonePrefix: '86', weight: 4,
    firstNames: ['伟:wei', '芳:fang', '娜:na', '静:jing', '强:qiang'],
    lastNames: ['王:wang', '李:li', '张:zhang', '刘:liu', '陈:chen'],
    companies: ['北京云数据有限公司', '上海智能科技', '深圳软件集团'],
  },
  {
    country: 'JP', phonePrefix: '81', weight: 4,
    firstNames: ['翔太:shota', 'さくら:sakura', '健:ken', '陽菜:hina'],
    lastNames: ['佐藤:sato', '鈴木:suzuki', '高橋:takahashi', '田中:tanaka'],
    companies: ['株式会社クラウドワークス', '東京データ株式会社', 'ヤマト情報システム'],
  },
  {
    country: 'KR', phonePrefix: '82', weight: 2,
    firstNames: ['민준:minjun', '서연:seoyeon', '지호:jiho'],
    lastNames: ['김:kim', '이:lee', '박:park'],
    companies: ['한빛소프트', '서울클라우드 주식회사'],
  },
  {
    country: 'IL', phonePrefix: '972', weight: 2,
    firstNames: ['נועה:noa', 'איתי:itai', 'שירה:shira'],
    lastNames: ['כהן:cohen', 'לוי:levi', 'מזרחי:mizrahi'],
    companies: ['מערכות ענן בע"מ', 'Tel Aviv Cyber Ltd'],
  },
  {
    country: 'AE', phonePrefix: '971', weight: 2,
    firstNames: ['محمد:mohammed', 'فاطمة:fatima', 'أحمد:ahmed'],
    lastNames: ['العلي:alali', 'الحسن:alhassan', 'المنصوري:almansoori'],
    companies: ['شركة الخليج للتقنية', 'Emirates Data Hub'],
  },
  {
    country: 'IN', phonePrefix: '91', weight: 6,
    firstNames: ['Aarav', 'प्रिया:priya', 'Rohan', 'अनन्या:ananya', 'Vikram'],
    lastNames: ['Sharma', 'पटेल:patel', 'Iyer', 'Reddy', 'गुप्ता:gupta'],
    companies: ['Infotech Solutions Pvt Ltd', 'क्लाउड सेवा प्राइवेट लिमिटेड', 'Bengaluru Analytics'],
  },
  {
    country: 'TR', phonePrefix: '90', weight: 2,
    firstNames: ['Çağrı', 'Şükrü', 'Gülşen', 'İlker'],
    lastNames: ['Yılmaz', 'Öztürk', 'Çelik', 'Şahin'],
    companies: ['Bulut Yazılım A.Ş.', 'İstanbul Veri Merkezi'],
  },
  {
    country: 'SE', phonePrefix: '46', weight: 2,
    firstNames: ['Åsa', 'Björn', 'Märta'],
    lastNames: ['Ångström', 'Lindqvist', 'Öberg'],
    companies: ['Nordisk Molnet AB', 'Fjällkod 🚀 AB'],
  },
];

export function native(entry: string): string {
  const colon = entry.indexOf(':');
  return colon >= 0 ? entry.slice(0, colon) : entry;
}

/** An ASCII handle for e-mail local parts: the Latin form when given, else the name with accents removed. */
export function latin(entry: string): string {
  const colon = entry.indexOf(':');
  const text = colon >= 0 ? entry.slice(colon + 1) : entry;
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/ł/g, 'l')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}
