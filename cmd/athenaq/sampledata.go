package main

import (
	"crypto/md5"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/athenaq/athenaq/athenatype"
)

// This file generates the rows of the sample database (see ensureSample)
// from a fixed seed: the same rows on every machine and in every run.

// sampleSeed seeds the generator; changing it, or the order in which the
// generator draws numbers, changes every row.
var sampleSeed = [2]uint64{20240601, 42}

// The sample's shop runs from sampleStart to sampleEnd (exclusive), in UTC.
var (
	sampleStart = time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	sampleEnd   = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
)

// sampleSize is how many customers, products and orders to generate.
type sampleSize struct {
	customers, products, orders int
}

// sampleFull is the size of the sample database.
var sampleFull = sampleSize{customers: 500, products: 100, orders: 3000}

// sampleData is every row of the sample database.
type sampleData struct {
	customers []sampleCustomer
	products  []sampleProduct
	orders    []sampleOrder
	items     []sampleItem
}

type sampleCustomer struct {
	id                  int32
	firstName, lastName string
	email               string
	country             string // ISO 3166 alpha-2
	address             athenatype.Row
	phone               *string
	signupDate          athenatype.Date
	birthDate           *athenatype.Date
	optIn               bool
	tags                []string
}

type sampleProduct struct {
	id         int32
	sku        string // 8 characters
	name       string
	category   string
	price      athenatype.Decimal
	weightKg   *float32
	rating     *float64
	inStock    bool
	attributes map[string]string
	imageMD5   []byte
}

type sampleOrder struct {
	id            int64
	customerID    int32
	orderedAt     time.Time
	status        string
	paymentMethod string
	shippedAt     *time.Time
	couponCode    *string
	shippingCost  athenatype.Decimal
	total         athenatype.Decimal
}

type sampleItem struct {
	orderID   int64
	lineNo    int8
	productID int32
	quantity  int16
	unitPrice athenatype.Decimal
}

// generateSample returns the sample's rows, the same on every call with
// the same size.
func generateSample(size sampleSize) *sampleData {
	g := &sampleGen{rng: rand.New(rand.NewPCG(sampleSeed[0], sampleSeed[1]))}
	d := &sampleData{}
	d.customers = g.customers(size.customers)
	d.products = g.products(size.products)
	d.orders, d.items = g.orders(size.orders, d.customers, d.products)
	return d
}

type sampleGen struct {
	rng *rand.Rand
}

type sampleCountry struct {
	code   string
	weight int
	cities []string
	postal string // pattern: 9 a digit, A a capital letter
	phone  string // calling code
	ship   int64  // shipping cost in cents below the free-shipping threshold
}

var sampleCountries = []sampleCountry{
	{"US", 30, []string{"New York", "Chicago", "Austin", "Seattle", "Denver", "Boston"}, "99999", "+1", 599},
	{"GB", 10, []string{"London", "Manchester", "Leeds", "Bristol", "Edinburgh"}, "AA9 9AA", "+44", 499},
	{"DE", 10, []string{"Berlin", "Hamburg", "München", "Köln", "Leipzig"}, "99999", "+49", 499},
	{"FR", 8, []string{"Paris", "Lyon", "Marseille", "Toulouse", "Nantes"}, "99999", "+33", 499},
	{"CA", 8, []string{"Toronto", "Vancouver", "Montréal", "Calgary", "Ottawa"}, "A9A 9A9", "+1", 599},
	{"ES", 6, []string{"Madrid", "Barcelona", "Valencia", "Sevilla"}, "99999", "+34", 499},
	{"IT", 6, []string{"Roma", "Milano", "Torino", "Napoli", "Bologna"}, "99999", "+39", 499},
	{"AU", 6, []string{"Sydney", "Melbourne", "Brisbane", "Perth", "Adelaide"}, "9999", "+61", 1499},
	{"NL", 5, []string{"Amsterdam", "Rotterdam", "Utrecht", "Eindhoven"}, "9999 AA", "+31", 499},
	{"SE", 4, []string{"Stockholm", "Göteborg", "Malmö", "Uppsala"}, "999 99", "+46", 499},
	{"JP", 4, []string{"Tokyo", "Osaka", "Yokohama", "Sapporo"}, "999-9999", "+81", 1499},
	{"BR", 3, []string{"São Paulo", "Rio de Janeiro", "Belo Horizonte", "Curitiba"}, "99999-999", "+55", 1499},
}

var (
	sampleFirstNames = []string{"Olivia", "Liam", "Emma", "Noah", "Ava", "Lucas", "Mia", "Mateo", "Sofia", "Leon",
		"Chloé", "Hugo", "Léa", "Jonas", "Freja", "Oskar", "Yuki", "Haruto", "Aiko", "Sven", "Ingrid", "Giulia",
		"Marco", "Lucía", "Diego", "Ana", "João", "Beatriz", "Priya", "Arjun", "Grace", "Henry", "Zoë", "Isaac",
		"Nora", "Samuel", "Amara", "Kwame", "Elif", "Mehmet"}
	sampleLastNames = []string{"Smith", "Johnson", "Brown", "Garcia", "Martinez", "Müller", "Schmidt", "Dubois",
		"Martin", "Rossi", "Bianchi", "Silva", "Santos", "Jansen", "de Vries", "Andersson", "Nilsson", "Tanaka",
		"Sato", "Suzuki", "O'Brien", "Murphy", "Wilson", "Taylor", "Thompson", "Lee", "Nguyen", "Kowalski", "Novak",
		"Fernández", "López", "Patel", "Singh", "Okafor", "Mensah", "Yılmaz", "Cohen", "Walker", "Young", "King"}
	sampleStreets = []string{"Oak Street", "Maple Avenue", "Station Road", "High Street", "Church Lane", "Park Road",
		"Mill Lane", "Elm Street", "Lake View", "King Street", "Harbour Way", "Garden Close", "River Road", "Hill Crest"}
	sampleTags       = []string{"newsletter", "vip", "wholesale", "early_adopter", "referral", "student"}
	sampleEmailHosts = []string{"example.com", "example.org", "example.net", "mail.example"}
	sampleFold       = strings.NewReplacer("é", "e", "è", "e", "ë", "e", "ü", "u", "ö", "o", "ó", "o", "ã", "a",
		"á", "a", "í", "i", "ı", "i", "ç", "c", "ñ", "n", "'", "", " ", "")
)

func (g *sampleGen) pick(list []string) string { return list[g.rng.IntN(len(list))] }

// chance reports true with probability p.
func (g *sampleGen) chance(p float64) bool { return g.rng.Float64() < p }

// pattern fills a postal code pattern: 9 a digit, A a capital letter.
func (g *sampleGen) pattern(p string) string {
	b := []byte(p)
	for i, c := range b {
		switch c {
		case '9':
			b[i] = byte('0' + g.rng.IntN(10))
		case 'A':
			b[i] = byte('A' + g.rng.IntN(26))
		}
	}
	return string(b)
}

// date returns a day in [from, to).
func (g *sampleGen) date(from, to time.Time) athenatype.Date {
	days := int(to.Sub(from).Hours() / 24)
	return athenatype.DateOf(from.AddDate(0, 0, g.rng.IntN(days)))
}

func (g *sampleGen) customers(n int) []sampleCustomer {
	total := 0
	for _, c := range sampleCountries {
		total += c.weight
	}
	out := make([]sampleCustomer, n)
	for i := range out {
		w := g.rng.IntN(total)
		var country sampleCountry
		for _, c := range sampleCountries {
			if w < c.weight {
				country = c
				break
			}
			w -= c.weight
		}
		c := sampleCustomer{id: int32(i + 1), firstName: g.pick(sampleFirstNames), lastName: g.pick(sampleLastNames),
			country: country.code}
		c.email = strings.ToLower(sampleFold.Replace(c.firstName)+"."+sampleFold.Replace(c.lastName)) +
			fmt.Sprintf("%d@%s", c.id, g.pick(sampleEmailHosts))
		c.address = athenatype.Row{
			{Name: "street", Value: fmt.Sprintf("%d %s", 1+g.rng.IntN(250), g.pick(sampleStreets))},
			{Name: "city", Value: g.pick(country.cities)},
			{Name: "postal_code", Value: g.pattern(country.postal)},
		}
		if g.chance(0.65) {
			p := country.phone + " " + g.pattern("999 555 9999")
			c.phone = &p
		}
		c.signupDate = g.date(sampleStart.AddDate(-1, -6, 0), sampleEnd.AddDate(0, -3, 0))
		if g.chance(0.85) {
			b := g.date(time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2006, 1, 1, 0, 0, 0, 0, time.UTC))
			c.birthDate = &b
		}
		c.optIn = g.chance(0.4)
		c.tags = []string{}
		for _, t := range sampleTags {
			if g.chance(0.12) {
				c.tags = append(c.tags, t)
			}
		}
		out[i] = c
	}
	return out
}

type sampleCategory struct {
	name, code string
	goods      []sampleGood
	attrs      func(g *sampleGen) map[string]string
}

// sampleGood is a kind of product: its typical price and weight. A
// weight of 0 marks a digital good.
type sampleGood struct {
	noun     string
	price    float64
	weightKg float64
}

var (
	sampleColors    = []string{"black", "white", "graphite", "navy", "forest green", "sand", "red", "sky blue"}
	sampleMaterials = []string{"steel", "bamboo", "ceramic", "recycled plastic", "oak", "cotton", "aluminium"}
	sampleAdjective = []string{"Classic", "Compact", "Deluxe", "Eco", "Essential", "Nordic", "Pro", "Smart", "Ultra",
		"Vintage", "Everyday", "Premium"}
)

var sampleCategories = []sampleCategory{
	{"Electronics", "ELE", []sampleGood{{"Wireless Headphones", 129, 0.3}, {"Bluetooth Speaker", 79, 0.6},
		{"USB-C Charger", 25, 0.15}, {"Mechanical Keyboard", 99, 1.1}, {"Webcam", 59, 0.2}, {"Smartwatch", 199, 0.05},
		{"E-Reader", 139, 0.2}, {"Power Bank", 39, 0.35}},
		func(g *sampleGen) map[string]string {
			return map[string]string{"color": g.pick(sampleColors), "warranty": fmt.Sprintf("%d years", 1+g.rng.IntN(3))}
		}},
	{"Home & Kitchen", "HOM", []sampleGood{{"Kettle", 45, 1.2}, {"French Press", 32, 0.7}, {"Chef's Knife", 69, 0.25},
		{"Cutting Board", 28, 1.4}, {"Desk Lamp", 49, 1.6}, {"Throw Blanket", 59, 1.3}, {"Cast Iron Pan", 55, 2.8}},
		func(g *sampleGen) map[string]string {
			return map[string]string{"color": g.pick(sampleColors), "material": g.pick(sampleMaterials)}
		}},
	{"Outdoors", "OUT", []sampleGood{{"Tent", 229, 2.9}, {"Hiking Backpack", 119, 1.4}, {"Water Bottle", 22, 0.3},
		{"Headlamp", 35, 0.1}, {"Sleeping Bag", 149, 1.2}, {"Trekking Poles", 79, 0.5}},
		func(g *sampleGen) map[string]string {
			return map[string]string{"color": g.pick(sampleColors), "material": g.pick(sampleMaterials),
				"size": g.pick([]string{"S", "M", "L", "one size"})}
		}},
	{"Books", "BOO", []sampleGood{{"Cookbook", 29, 0.9}, {"Field Guide", 19, 0.4}, {"Travel Atlas", 35, 1.1},
		{"Novel", 14, 0.35}, {"Sketchbook", 12, 0.5}},
		func(g *sampleGen) map[string]string {
			return map[string]string{"pages": fmt.Sprint(96 + g.rng.IntN(600)), "language": g.pick([]string{"en", "de", "fr", "es"})}
		}},
	{"Toys & Games", "TOY", []sampleGood{{"Jigsaw Puzzle", 19, 0.6}, {"Building Set", 49, 0.9}, {"Board Game", 39, 1.2},
		{"Plush Bear", 24, 0.3}, {"Kite", 29, 0.4}},
		func(g *sampleGen) map[string]string {
			return map[string]string{"age": fmt.Sprintf("%d+", 3+g.rng.IntN(10)), "color": g.pick(sampleColors)}
		}},
	{"Gift Cards", "GFT", []sampleGood{{"Gift Card", 0, 0}},
		func(*sampleGen) map[string]string { return map[string]string{"delivery": "email"} }},
}

func (g *sampleGen) products(n int) []sampleProduct {
	out := make([]sampleProduct, n)
	for i := range out {
		cat := sampleCategories[g.rng.IntN(len(sampleCategories))]
		good := cat.goods[g.rng.IntN(len(cat.goods))]
		p := sampleProduct{id: int32(i + 1), sku: fmt.Sprintf("%s-%04d", cat.code, i+1), category: cat.name,
			inStock: g.chance(0.88), attributes: cat.attrs(g)}
		var cents int64
		if good.weightKg == 0 { // a digital good: fixed amounts, no weight
			units := []int64{25, 50, 100}[g.rng.IntN(3)]
			cents = units * 100
			p.name = fmt.Sprintf("$%d %s", units, good.noun)
		} else {
			// Within 30% of the typical price, ending in .99, .49 or .00.
			units := int64(good.price * (0.7 + 0.6*g.rng.Float64()))
			cents = units*100 + []int64{99, 99, 49, 0}[g.rng.IntN(4)]
			p.name = g.pick(sampleAdjective) + " " + good.noun
			w := float32(math.Round(good.weightKg*(0.8+0.4*g.rng.Float64())*100) / 100)
			p.weightKg = &w
		}
		p.price = athenatype.NewDecimal(cents, 2)
		if g.chance(0.9) {
			r := math.Round((2.5+g.rng.Float64()*2.5)*100) / 100
			p.rating = &r
		}
		sum := md5.Sum([]byte("images/" + p.sku + ".jpg"))
		p.imageMD5 = sum[:]
		out[i] = p
	}
	return out
}

type sampleCoupon struct {
	code     string
	percent  int64
	freeShip bool
}

var sampleCoupons = []sampleCoupon{{"WELCOME10", 10, false}, {"SPRING15", 15, false}, {"FREESHIP", 0, true}, {"VIP20", 20, false}}

// sampleFreeShipping is the subtotal, in cents, from which shipping is free.
const sampleFreeShipping = 7500

func (g *sampleGen) orders(n int, customers []sampleCustomer, products []sampleProduct) ([]sampleOrder, []sampleItem) {
	orders := make([]sampleOrder, n)
	first := sampleEnd
	for _, c := range customers {
		if d := c.signupDate.In(time.UTC); d.Before(first) {
			first = d
		}
	}
	span := sampleEnd.Sub(sampleStart) / time.Second
	for i := range orders {
		// Sales grow a little year on year; a few customers place most
		// orders, and nobody orders before signing up.
		at := sampleStart.Add(time.Duration(float64(span)*math.Pow(g.rng.Float64(), 0.85)) * time.Second)
		if at.Before(first) {
			at = first
		}
		var c *sampleCustomer
		for c == nil || c.signupDate.In(time.UTC).After(at) {
			c = &customers[int(float64(len(customers))*math.Pow(g.rng.Float64(), 1.8))]
		}
		orders[i] = sampleOrder{customerID: c.id, orderedAt: at}
	}
	// Order numbers follow the order time.
	slices.SortStableFunc(orders, func(a, b sampleOrder) int { return a.orderedAt.Compare(b.orderedAt) })

	var items []sampleItem
	for i := range orders {
		o := &orders[i]
		o.id = int64(100001 + i)
		age := sampleEnd.Sub(o.orderedAt)
		switch {
		case age < 2*24*time.Hour:
			o.status = "processing"
		case age < 7*24*time.Hour:
			o.status = "shipped"
		case g.chance(0.06):
			o.status = "cancelled"
		case g.chance(0.04):
			o.status = "returned"
		default:
			o.status = "delivered"
		}
		if o.status != "processing" && o.status != "cancelled" {
			delay := min(time.Duration(2*3600+g.rng.IntN(70*3600))*time.Second, age-time.Hour)
			s := o.orderedAt.Add(delay)
			o.shippedAt = &s
		}
		o.paymentMethod = g.weighted([]string{"card", "paypal", "bank_transfer", "gift_card", "apple_pay"}, []int{60, 20, 8, 7, 5})
		var coupon sampleCoupon
		if g.chance(0.12) {
			coupon = sampleCoupons[g.rng.IntN(len(sampleCoupons))]
			o.couponCode = &coupon.code
		}
		lines := min(1+g.weightedIndex([]int{45, 30, 15, 7, 3}), len(products))
		var subtotal int64
		chosen := map[int]bool{}
		for line := 1; line <= lines; line++ {
			k := int(float64(len(products)) * math.Pow(g.rng.Float64(), 1.3))
			for chosen[k] {
				k = (k + 1) % len(products)
			}
			chosen[k] = true
			p := &products[k]
			q := int16(1 + g.weightedIndex([]int{70, 18, 7, 3, 1, 1}))
			if p.weightKg == nil {
				q = 1
			}
			subtotal += int64(q) * p.price.Unscaled().Int64()
			items = append(items, sampleItem{orderID: o.id, lineNo: int8(line), productID: p.id, quantity: q, unitPrice: p.price})
		}
		var ship int64
		if subtotal < sampleFreeShipping && !coupon.freeShip {
			ship = sampleShipping(customers[o.customerID-1].country)
		}
		discount := (subtotal*coupon.percent + 50) / 100
		o.shippingCost = athenatype.NewDecimal(ship, 2)
		o.total = athenatype.NewDecimal(subtotal-discount+ship, 2)
	}
	return orders, items
}

func sampleShipping(country string) int64 {
	i := slices.IndexFunc(sampleCountries, func(c sampleCountry) bool { return c.code == country })
	return sampleCountries[i].ship
}

// weightedIndex returns i with probability weights[i] / sum(weights).
func (g *sampleGen) weightedIndex(weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := g.rng.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

func (g *sampleGen) weighted(list []string, weights []int) string {
	return list[g.weightedIndex(weights)]
}
