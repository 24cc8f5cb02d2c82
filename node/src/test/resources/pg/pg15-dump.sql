--
-- PostgreSQL database dump
--


-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: customers; Type: TABLE; Schema: public; Owner: orbit
--

CREATE TABLE public.customers (
    id integer NOT NULL,
    email text NOT NULL,
    name character varying(50)
);


ALTER TABLE public.customers OWNER TO orbit;

--
-- Name: TABLE customers; Type: COMMENT; Schema: public; Owner: orbit
--

COMMENT ON TABLE public.customers IS 'people who buy';


--
-- Name: customers_id_seq; Type: SEQUENCE; Schema: public; Owner: orbit
--

CREATE SEQUENCE public.customers_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public.customers_id_seq OWNER TO orbit;

--
-- Name: customers_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: orbit
--

ALTER SEQUENCE public.customers_id_seq OWNED BY public.customers.id;


--
-- Name: invoice_no; Type: SEQUENCE; Schema: public; Owner: orbit
--

CREATE SEQUENCE public.invoice_no
    START WITH 1000
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public.invoice_no OWNER TO orbit;

--
-- Name: orders; Type: TABLE; Schema: public; Owner: orbit
--

CREATE TABLE public.orders (
    id bigint NOT NULL,
    customer_id integer NOT NULL,
    total numeric(12,2),
    placed timestamp with time zone DEFAULT now()
);


ALTER TABLE public.orders OWNER TO orbit;

--
-- Name: orders_id_seq; Type: SEQUENCE; Schema: public; Owner: orbit
--

CREATE SEQUENCE public.orders_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public.orders_id_seq OWNER TO orbit;

--
-- Name: orders_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: orbit
--

ALTER SEQUENCE public.orders_id_seq OWNED BY public.orders.id;


--
-- Name: settings; Type: TABLE; Schema: public; Owner: orbit
--

CREATE TABLE public.settings (
    key text NOT NULL,
    value text
);


ALTER TABLE public.settings OWNER TO orbit;

--
-- Name: customers id; Type: DEFAULT; Schema: public; Owner: orbit
--

ALTER TABLE ONLY public.customers ALTER COLUMN id SET DEFAULT nextval('public.customers_id_seq'::regclass);


--
-- Name: orders id; Type: DEFAULT; Schema: public; Owner: orbit
--

ALTER TABLE ONLY public.orders ALTER COLUMN id SET DEFAULT nextval('public.orders_id_seq'::regclass);


--
-- Data for Name: customers; Type: TABLE DATA; Schema: public; Owner: orbit
--

COPY public.customers (id, email, name) FROM stdin;
1	a@x	Ann
2	b@x	Bob
\.


--
-- Data for Name: orders; Type: TABLE DATA; Schema: public; Owner: orbit
--

COPY public.orders (id, customer_id, total, placed) FROM stdin;
1	1	10.50	2026-11-29 22:01:47.406351+00
2	2	20.00	2026-11-29 22:01:47.406351+00
\.


--
-- Data for Name: settings; Type: TABLE DATA; Schema: public; Owner: orbit
--

COPY public.settings (key, value) FROM stdin;
mode	fast
\.


--
-- Name: customers_id_seq; Type: SEQUENCE SET; Schema: public; Owner: orbit
--

SELECT pg_catalog.setval('public.customers_id_seq', 2, true);


--
-- Name: invoice_no; Type: SEQUENCE SET; Schema: public; Owner: orbit
--

SELECT pg_catalog.setval('public.invoice_no', 1000, true);


--
-- Name: orders_id_seq; Type: SEQUENCE SET; Schema: public; Owner: orbit
--

SELECT pg_catalog.setval('public.orders_id_seq', 2, true);


--
-- Name: customers customers_email_key; Type: CONSTRAINT; Schema: public; Owner: orbit
--

ALTER TABLE ONLY public.customers
    ADD CONSTRAINT customers_email_key UNIQUE (email);


--
-- Name: customers customers_pkey; Type: CONSTRAINT; Schema: public; Owner: orbit
--

ALTER TABLE ONLY public.customers
    ADD CONSTRAINT customers_pkey PRIMARY KEY (id);


--
-- Name: orders orders_pkey; Type: CONSTRAINT; Schema: public; Owner: orbit
--

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_pkey PRIMARY KEY (id);


--
-- Name: settings settings_pkey; Type: CONSTRAINT; Schema: public; Owner: orbit
--

ALTER TABLE ONLY public.settings
    ADD CONSTRAINT settings_pkey PRIMARY KEY (key);


--
-- PostgreSQL database dump complete
--


