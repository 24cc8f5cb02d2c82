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
-- Name: zz; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.zz (
    id integer NOT NULL,
    name text NOT NULL,
    price numeric(8,2)
);


ALTER TABLE public.zz OWNER TO orbit;

--
-- Name: a_cheap; Type: VIEW; Schema: public; Owner: postgres
--

CREATE VIEW public.a_cheap AS
 SELECT zz.id,
    zz.name
   FROM public.zz
  WHERE ((zz.price < (2)::numeric) OR (zz.price IS NULL));


ALTER TABLE public.a_cheap OWNER TO orbit;

--
-- Name: b_count; Type: VIEW; Schema: public; Owner: postgres
--

CREATE VIEW public.b_count AS
 SELECT count(*) AS n
   FROM public.a_cheap;


ALTER TABLE public.b_count OWNER TO orbit;

--
-- Name: c_join; Type: VIEW; Schema: public; Owner: postgres
--

CREATE VIEW public.c_join AS
 SELECT z.name,
    c.n
   FROM (public.zz z
     CROSS JOIN public.b_count c)
  WHERE (z.id = 1);


ALTER TABLE public.c_join OWNER TO orbit;

--
-- Name: zz_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

CREATE SEQUENCE public.zz_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public.zz_id_seq OWNER TO orbit;

--
-- Name: zz_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: postgres
--

ALTER SEQUENCE public.zz_id_seq OWNED BY public.zz.id;


--
-- Name: zz id; Type: DEFAULT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.zz ALTER COLUMN id SET DEFAULT nextval('public.zz_id_seq'::regclass);


--
-- Data for Name: zz; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.zz (id, name, price) FROM stdin;
1	apple	1.50
2	pear	2.25
3	fig	\N
\.


--
-- Name: zz_id_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

SELECT pg_catalog.setval('public.zz_id_seq', 3, true);


--
-- Name: zz zz_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.zz
    ADD CONSTRAINT zz_pkey PRIMARY KEY (id);


--
-- PostgreSQL database dump complete
--


