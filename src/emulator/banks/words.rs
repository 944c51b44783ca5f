//! The words generated bank names are made of: each country's towns (some with accents, as real ones have) and
//! suffixes, adjectives, surnames, credit-union members and accented European bank names. Pure data.

/// Towns of the United Kingdom.
#[rustfmt::skip]
const GBR_TOWNS: &[&str] = &[
    "Aberdeen", "Bath", "Belfast", "Birmingham", "Bradford", "Brighton", "Bristol", "Cambridge", "Canterbury",
    "Cardiff", "Carlisle", "Chester", "Colchester", "Coventry", "Derby", "Dundee", "Durham", "Edinburgh", "Exeter",
    "Glasgow", "Gloucester", "Harrogate", "Hereford", "Inverness", "Ipswich", "Kendal", "Lancaster", "Leeds",
    "Leicester", "Lincoln", "Liverpool", "London", "Luton", "Manchester", "Newcastle", "Newport", "Northampton",
    "Norwich", "Nottingham", "Oxford", "Perth", "Plymouth", "Portsmouth", "Preston", "Reading", "Salisbury",
    "Sheffield", "Shrewsbury", "Southampton", "Stirling", "Sunderland", "Swansea", "Swindon", "Truro", "Wakefield",
    "Winchester", "Worcester", "Wrexham", "York", "Ynys Môn", "Llanelli", "Bangor", "Skipton", "Whitby", "Kirkwall",
];

/// Towns of the United States.
#[rustfmt::skip]
const USA_TOWNS: &[&str] = &[
    "Albany", "Albuquerque", "Anchorage", "Arlington", "Atlanta", "Austin", "Baltimore", "Billings", "Birmingham",
    "Boise", "Boston", "Buffalo", "Burlington", "Cañon City", "Charleston", "Charlotte", "Cheyenne", "Chicago",
    "Cincinnati", "Cleveland", "Columbus", "Dallas", "Dayton", "Denver", "Des Moines", "Detroit", "El Paso",
    "Española", "Eugene", "Fargo", "Flagstaff", "Fresno", "Grand Rapids", "Greenville", "Hartford", "Helena",
    "Honolulu", "Houston", "Indianapolis", "Jackson", "Jacksonville", "Juneau", "Kansas City", "Knoxville",
    "La Cañada", "Lafayette", "Lansing", "Laramie", "Las Vegas", "Lexington", "Lincoln", "Little Rock", "Los Angeles",
    "Louisville", "Madison", "Memphis", "Miami", "Milwaukee", "Minneapolis", "Mobile", "Montpelier", "Nashville",
    "New Haven", "New Orleans", "Newark", "Norfolk", "Oakland", "Omaha", "Orlando", "Peoria", "Philadelphia",
    "Phoenix", "Pittsburgh", "Portland", "Providence", "Raleigh", "Reno", "Richmond", "Rochester", "Sacramento",
    "Salem", "Salt Lake City", "San Antonio", "San Diego", "Santa Fe", "Savannah", "Seattle", "Spokane", "Springfield",
    "St. Louis", "Syracuse", "Tacoma", "Tallahassee", "Tampa", "Toledo", "Topeka", "Tucson", "Tulsa", "Wichita",
    "Wilmington",
];

/// Words banks put before their town.
#[rustfmt::skip]
pub(super) const ADJECTIVES: &[&str] = &[
    "Allied", "American", "Central", "Citizens", "Coastal", "Commonwealth", "Community", "Continental", "Eastern",
    "Farmers", "Federal", "First", "Frontier", "Great", "Heritage", "Independent", "Liberty", "Merchants", "Metro",
    "Mutual", "National", "Northern", "Peoples", "Pioneer", "Premier", "Provident", "Royal", "Security", "Southern",
    "Sterling", "Summit", "Trust", "United", "Valley", "Western",
];

/// Founders' surnames.
#[rustfmt::skip]
pub(super) const SURNAMES: &[&str] = &[
    "Abbott", "Ashworth", "Barclay", "Bennett", "Blake", "Brewster", "Carver", "Chandler", "Clarke", "Coleman",
    "Cooper", "Dawson", "Ellis", "Fairfax", "Fletcher", "Foster", "Gardner", "Grant", "Hale", "Harding", "Hawkins",
    "Holloway", "Hughes", "Jennings", "Kendall", "Lambert", "Lawson", "Marsh", "Mercer", "Morgan", "Nash", "Osborne",
    "Parker", "Pemberton", "Prescott", "Quincy", "Radcliffe", "Rowe", "Sinclair", "Spencer", "Sutton", "Thornton",
    "Turner", "Vaughan", "Wallace", "Webb", "Whitaker", "Winslow", "Wright", "Yates",
];

/// What a British bank calls itself after its name.
#[rustfmt::skip]
const GBR_SUFFIXES: &[&str] = &[
    "Bank", "Savings Bank", "Building Society", "Co-operative Bank", "Credit Union", "Community Bank", "Mutual",
    "Private Bank", "Banking Company",
];

/// What an American bank calls itself after its name.
#[rustfmt::skip]
const USA_SUFFIXES: &[&str] = &[
    "Bank", "Savings Bank", "Trust Company", "Community Bank", "State Bank", "National Bank", "Bank & Trust",
    "Savings and Loan", "Credit Union", "Federal Credit Union",
];

/// The words of one country.
pub(super) struct Local {
    /// Its towns.
    pub towns: &'static [&'static str],
    /// Its banks' suffixes.
    pub suffixes: &'static [&'static str],
}

/// The words of the country `alpha3` (American for any but `GBR`).
pub(super) fn local(alpha3: &str) -> Local {
    if alpha3 == "GBR" {
        Local { towns: GBR_TOWNS, suffixes: GBR_SUFFIXES }
    } else {
        Local { towns: USA_TOWNS, suffixes: USA_SUFFIXES }
    }
}

/// Whom a credit union serves.
#[rustfmt::skip]
pub(super) const MEMBERS: &[&str] = &[
    "Teachers", "Farmers", "Firefighters", "Nurses", "Police", "Postal Workers", "Railway Workers", "Miners",
    "Engineers", "Veterans", "Musicians", "Fishermen",
];

/// European bank names with accents, for accent-insensitive search.
#[rustfmt::skip]
pub(super) const ACCENTED: &[&str] = &[
    "Crédit Agricole", "Banco Ñandú", "Caisse d'Épargne", "Société Générale", "Crédit Mutuel", "Banque Populaire",
    "Banco São Paulo", "Sparkasse Köln", "Raiffeisen Zürich", "Caixa Económica",
];
