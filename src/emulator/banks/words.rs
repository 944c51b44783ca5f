//! The words generated bank names are made of: towns of each country (some with accents, as real ones have),
//! adjectives, surnames, suffixes, credit-union members and accented European bank names. Pure data.

/// Towns of the United Kingdom.
#[rustfmt::skip]
pub(super) const GBR_TOWNS: &[&str] = &[
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
pub(super) const USA_TOWNS: &[&str] = &[
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

/// What a bank calls itself after its name.
#[rustfmt::skip]
pub(super) const SUFFIXES: &[&str] = &[
    "Bank", "Savings Bank", "Trust Company", "Community Bank", "State Bank", "National Bank", "Bank & Trust",
    "Savings and Loan", "Co-operative Bank", "Building Society", "Credit Union", "Federal Credit Union",
];

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
